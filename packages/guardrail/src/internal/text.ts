/**
 * Text preparation shared by every detector: invisible characters removed and Unicode NFKC applied,
 * so that `１３８ ００１３ ８０００` and `john\u200B@acme.com` are seen as what they are. Detectors
 * work on the normalized string; masking maps normalized offsets back onto the original text.
 */

/**
 * Characters that render as nothing but split tokens: soft hyphen, combining grapheme joiner,
 * Mongolian vowel separator, zero-width space/non-joiner/joiner, direction marks and embeddings,
 * word joiner and invisible operators, variation selectors, byte order mark.
 */
const INVISIBLE_SOURCE =
  '\\u00AD\\u034F\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFE00-\\uFE0F\\uFEFF';
const INVISIBLE = new RegExp(`[${INVISIBLE_SOURCE}]`, 'g');
const INVISIBLE_ONE = new RegExp(`^[${INVISIBLE_SOURCE}]$`);
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
const NON_ASCII = /[^\u0000-\u007f]/;
const COMBINING_MARK = /^\p{M}$/u;

/** The original text and its normalized form (NFKC, invisible characters removed). */
export interface PreparedText {
  readonly original: string;
  readonly normalized: string;
  /** True when `normalized` is `original` (pure ASCII input: the common case). */
  readonly identity: boolean;
}

export function prepareText(original: string): PreparedText {
  if (!NON_ASCII.test(original)) return { original, normalized: original, identity: true };
  const normalized = original.replace(INVISIBLE, '').normalize('NFKC');
  return { original, normalized, identity: normalized === original };
}

/** A span in normalized coordinates, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Maps spans of the normalized text back onto the original. Walks the original segment by segment
 * (a code point and the combining marks after it), checking each produced piece against the
 * normalized text, and stops after the last span. `spans` must be sorted and must not overlap.
 * Returns undefined in the rare case where segment-wise NFKC differs from whole-string NFKC (for
 * example decomposed Hangul jamo); callers then mask the normalized text instead.
 */
export function mapToOriginal(prepared: PreparedText, spans: readonly Span[]): Span[] | undefined {
  if (prepared.identity) return [...spans];
  if (offsetsPreserved(prepared, spans)) return [...spans];
  const { original, normalized } = prepared;
  const length = original.length;
  const table = unitTable();
  // Every boundary to translate, in order, as the index of a normalized character: a span start
  // maps to the start of its first character, a span end to the end of its last one.
  const targets: number[] = [];
  for (const span of spans) targets.push(span.start, Math.max(span.start, span.end - 1));
  const results: number[] = new Array(targets.length).fill(length);
  let next = 0;
  let produced = 0;
  const attachesAt = (index: number): boolean => {
    if (index >= length) return false;
    const code = original.charCodeAt(index);
    if (code < 0xd800 || code > 0xdfff) return table[code] === ATTACHING;
    const character = original.slice(index, index + codePointLength(original, index));
    return COMBINING_MARK.test(character) || INVISIBLE_ONE.test(character);
  };

  let position = 0;
  while (position < length && next < targets.length) {
    // Long stretches where the texts agree character for character (most prose) are skipped a
    // chunk at a time; the last character of a chunk is kept out when a mark attaches to it.
    while (
      position + CHUNK < length &&
      (targets[next] as number) >= produced + CHUNK &&
      !attachesAt(position + CHUNK) &&
      normalized.startsWith(original.slice(position, position + CHUNK), produced)
    ) {
      position += CHUNK;
      produced += CHUNK;
    }
    // Characters that NFKC leaves alone map one to one (each checked against the normalized text),
    // unless a combining mark follows: that pair is a segment, handled below.
    while (position < length && next < targets.length) {
      const code = original.charCodeAt(position);
      if (code >= 0x80 && table[code] !== REGULAR) break;
      if (original.charCodeAt(position + 1) >= 0x300 && attachesAt(position + 1)) break;
      if (normalized.charCodeAt(produced) !== code) return undefined;
      while (next < targets.length && targets[next] === produced) {
        results[next] = next % 2 === 0 ? position : position + 1;
        next += 1;
      }
      position += 1;
      produced += 1;
    }
    if (position >= length || next >= targets.length) break;
    // A compatibility character that becomes one other character (`，` -> `,`, `１` -> `1`).
    const code = original.charCodeAt(position);
    const single = singleForms[code] as number;
    if (single !== 0 && !attachesAt(position + 1)) {
      if (normalized.charCodeAt(produced) !== single) return undefined;
      while (next < targets.length && targets[next] === produced) {
        results[next] = next % 2 === 0 ? position : position + 1;
        next += 1;
      }
      produced += 1;
      position += 1;
      continue;
    }
    // One segment: a code point plus the combining marks, jamo and invisible characters after it.
    const segmentStart = position;
    position += codePointLength(original, position);
    while (attachesAt(position)) position += codePointLength(original, position);
    const piece = original.slice(segmentStart, position).replace(INVISIBLE, '').normalize('NFKC');
    if (piece.length === 0) continue;
    if (!normalized.startsWith(piece, produced)) return undefined;
    produced += piece.length;
    while (next < targets.length && (targets[next] as number) < produced) {
      results[next] = next % 2 === 0 ? segmentStart : position;
      next += 1;
    }
  }
  const mapped: Span[] = [];
  for (let index = 0; index < results.length; index += 2) {
    const span = spans[index / 2] as Span;
    const start = results[index] as number;
    mapped.push({ start, end: span.end > span.start ? (results[index + 1] as number) : start });
  }
  return mapped;
}

/**
 * The common fast path: when normalization only swapped characters one for one (`，` -> `,`,
 * full-width digits), offsets did not move. Checked, not assumed: the original cut at every span
 * boundary must normalize piece by piece to the same pieces of the normalized text (ICU does the
 * work, one pass over the text in total).
 */
function offsetsPreserved(prepared: PreparedText, spans: readonly Span[]): boolean {
  const { original, normalized } = prepared;
  if (original.length !== normalized.length) return false;
  let previous = 0;
  for (const span of spans) {
    for (const cut of [span.start, span.end]) {
      if (cut < previous) return false;
      const piece = original.slice(previous, cut);
      if (piece.replace(INVISIBLE, '').normalize('NFKC') !== normalized.slice(previous, cut))
        return false;
      previous = cut;
    }
  }
  return true;
}

/** Characters compared at once when skipping stretches where the two texts agree. */
const CHUNK = 256;
const REGULAR = 1;
const IRREGULAR = 2;
const ATTACHING = 3;
let table: Uint8Array | undefined;
/** For IRREGULAR units whose NFKC form is a single unit: that unit (0 otherwise). */
const singleForms = new Uint16Array(0x10000);

/**
 * Per UTF-16 unit: REGULAR when NFKC leaves it alone on its own; ATTACHING for combining marks,
 * invisible characters and conjoining jamo (they join the character before them); IRREGULAR for
 * the rest (compatibility forms, surrogates). Built once, on first use (about 10 ms).
 */
function unitTable(): Uint8Array {
  if (table !== undefined) return table;
  const built = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code += 1) {
    const character = String.fromCharCode(code);
    if ((code >= 0x1160 && code <= 0x11ff) || (code >= 0xd7b0 && code <= 0xd7ff)) {
      built[code] = ATTACHING;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      built[code] = IRREGULAR;
    } else if (COMBINING_MARK.test(character) || INVISIBLE_ONE.test(character)) {
      built[code] = ATTACHING;
    } else {
      const form = character.normalize('NFKC');
      built[code] = form === character ? REGULAR : IRREGULAR;
      if (form !== character && form.length === 1) singleForms[code] = form.charCodeAt(0);
    }
  }
  table = built;
  return built;
}

function codePointLength(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

/** A replacement of one normalized span by a placeholder such as `{EMAIL}`. */
export interface Replacement extends Span {
  readonly placeholder: string;
}

/**
 * Replaces spans (normalized coordinates) with their placeholders. Overlapping spans are merged and
 * keep the placeholder of the earliest one. The result is built from the original text when the
 * offsets map back exactly, otherwise from the normalized text.
 */
export function applyReplacements(
  prepared: PreparedText,
  replacements: readonly Replacement[],
): string {
  if (replacements.length === 0) return prepared.original;
  const merged = mergeReplacements(replacements);
  const mapped = mapToOriginal(prepared, merged);
  const source = mapped === undefined ? prepared.normalized : prepared.original;
  const targets =
    mapped === undefined
      ? merged
      : mapped.map((span, index) => ({
          ...span,
          placeholder: (merged[index] as Replacement).placeholder,
        }));
  let result = '';
  let cursor = 0;
  for (const replacement of targets) {
    if (replacement.start < cursor) continue;
    result += source.slice(cursor, replacement.start) + replacement.placeholder;
    cursor = replacement.end;
  }
  return result + source.slice(cursor);
}

function mergeReplacements(replacements: readonly Replacement[]): Replacement[] {
  const sorted = [...replacements].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Replacement[] = [];
  for (const replacement of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && replacement.start < last.end) {
      if (replacement.end > last.end) merged[merged.length - 1] = { ...last, end: replacement.end };
      continue;
    }
    merged.push(replacement);
  }
  return merged;
}

/**
 * The form topic and word filters compare: normalized, lower-cased, typographic apostrophes and
 * quotes made plain, every run of whitespace one space.
 */
export function foldText(normalized: string): string {
  return normalized
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u2032]/g, "'")
    .replace(/\s+/g, ' ');
}
