/** Small text helpers shared by the renderers. Pure. */

/** Collapses runs of whitespace (newlines included) to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Escapes a value for a Markdown table cell. */
export function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

/** Joins blocks with one blank line between them, dropping empty ones; ends with one newline. */
export function blocks(...parts: readonly (string | undefined | false)[]): string {
  const kept = parts
    .filter((part): part is string => typeof part === 'string')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  return kept.length === 0 ? '' : `${kept.join('\n\n')}\n`;
}

/**
 * Nests Markdown headings of lower-trust text under a layer heading: every ATX heading gets
 * `depth` more `#` (capped at six), so that text from a position or a person can never open a
 * section at the level of the layers around it. Lines inside fenced code blocks are left alone.
 */
export function nestHeadings(text: string, depth: number): string {
  let fence: string | undefined;
  return text
    .split('\n')
    .map((line) => {
      const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
      if (fenceMatch?.[1]) {
        const marker = fenceMatch[1];
        if (fence === undefined) fence = marker;
        else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
        return line;
      }
      if (fence !== undefined) return line;
      const heading = /^\s{0,3}(#{1,6})(\s|$)/.exec(line);
      if (!heading?.[1]) return line;
      const level = Math.min(6, heading[1].length + depth);
      return `${'#'.repeat(level)}${line.trimStart().slice(heading[1].length)}`;
    })
    .join('\n');
}

/** Formats a count with thousands separators, independent of the machine's locale. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** A day (YYYY-MM-DD) from an ISO timestamp. */
export function dayOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/**
 * Closes a code fence or an HTML comment that `text` opens and leaves open, so that lower-trust
 * text (a personal SOUL layer, a cut section) can never swallow what follows it, such as the
 * restated red lines.
 */
export function closeOpenBlocks(text: string): string {
  let fence: string | undefined;
  let commentOpen = false;
  for (const line of text.split('\n')) {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const opened = line.lastIndexOf('<!--');
    const closed = line.lastIndexOf('-->');
    if (opened > closed) commentOpen = true;
    else if (closed > opened) commentOpen = false;
  }
  let result = text;
  if (fence !== undefined) result = `${result.replace(/\n*$/, '')}\n${fence}`;
  else if (commentOpen) result = `${result.replace(/\n*$/, '')}\n-->`;
  return result;
}
