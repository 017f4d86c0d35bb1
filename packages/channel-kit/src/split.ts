import {
  codeFence,
  codeLanguage,
  graphemes,
  lexMarkdown,
  normalizeNewlines,
  type Token,
  type Tokens,
} from './markdown.js';

export interface SplitOptions {
  /** The platform's limit per message, in the unit `measure` returns. */
  readonly limit: number;
  /** The size of a markdown piece once converted for the platform (characters, bytes, …). */
  readonly measure: (markdown: string) => number;
}

/**
 * Splits markdown into pieces that each fit the platform's limit once converted, at the most natural
 * boundary available: between blocks, then between list items, table rows or lines, then between
 * sentences, words and finally user-perceived characters (never inside a surrogate pair or an emoji
 * sequence). A code block that must be cut is closed and reopened with the same fence and language,
 * so every piece is valid markdown on its own.
 */
export function splitMarkdown(markdown: string, options: SplitOptions): string[] {
  const text = normalizeNewlines(markdown).trim();
  if (text === '') return [];
  const fits = fitsWithin(options);
  if (fits(text)) return [text];

  const blocks = lexMarkdown(text).filter(
    (token) => token.type !== 'space' && token.raw.trim() !== '',
  );
  const tokenByRaw = new Map(blocks.map((token) => [blockRaw(token.raw), token] as const));
  return pack(
    blocks.map((token) => blockRaw(token.raw)),
    (parts) => parts.join('\n\n'),
    fits,
    (raw) => splitBlock(tokenByRaw.get(raw), raw, fits),
  ).filter((chunk) => chunk.trim() !== '');
}

type Fits = (candidate: string) => boolean;

function fitsWithin({ limit, measure }: SplitOptions): Fits {
  const sizes = new Map<string, number>();
  return (candidate) => {
    let size = sizes.get(candidate);
    if (size === undefined) {
      size = measure(candidate);
      if (sizes.size < 4_096) sizes.set(candidate, size);
    }
    return size <= limit;
  };
}

function blockRaw(raw: string): string {
  return raw.replace(/^\n+/, '').replace(/\n+$/, '');
}

/**
 * Greedy packing: from each position, the longest run of units whose join still fits (found by
 * exponential then binary search, so long texts cost O(log n) measurements per piece). A unit that
 * does not fit alone is replaced by what `split` makes of it; one that cannot be split is emitted
 * alone, over the limit (only possible when the limit is smaller than one character).
 */
function pack(
  units: readonly string[],
  join: (parts: readonly string[]) => string,
  fits: Fits,
  split?: (unit: string) => readonly string[] | undefined,
): string[] {
  const queue = [...units];
  const out: string[] = [];
  let index = 0;
  while (index < queue.length) {
    const first = queue[index] as string;
    if (!fits(join([first]))) {
      const parts = split?.(first);
      if (parts && parts.length > 0 && !(parts.length === 1 && parts[0] === first)) {
        queue.splice(index, 1, ...parts);
        continue;
      }
      out.push(join([first]));
      index += 1;
      continue;
    }
    let good = 1;
    let bad = 2;
    while (index + bad <= queue.length && fits(join(queue.slice(index, index + bad)))) {
      good = bad;
      bad *= 2;
    }
    bad = Math.min(bad, queue.length - index + 1);
    while (bad - good > 1) {
      const middle = (good + bad) >> 1;
      if (fits(join(queue.slice(index, index + middle)))) good = middle;
      else bad = middle;
    }
    out.push(join(queue.slice(index, index + good)));
    index += good;
  }
  return out;
}

function splitBlock(token: Token | undefined, raw: string, fits: Fits): string[] {
  switch (token?.type) {
    case 'code':
      return splitCode(token as Tokens.Code, fits);
    case 'list':
      return pack(
        (token as Tokens.List).items.map((item) => blockRaw(item.raw)),
        (parts) => parts.join('\n'),
        fits,
        (item) => splitLines(item, fits),
      );
    case 'table':
      return splitTable(raw, fits);
    default:
      return splitLines(raw, fits);
  }
}

function splitCode(code: Tokens.Code, fits: Fits): string[] {
  const fence = codeFence(code.text);
  const wrap = (body: string) => `${fence}${codeLanguage(code.lang)}\n${body}\n${fence}`;
  return pack(
    code.text.split('\n'),
    (lines) => wrap(lines.join('\n')),
    fits,
    (line) =>
      pack(
        graphemes(line),
        (parts) => parts.join(''),
        (piece) => fits(wrap(piece)),
      ),
  );
}

function splitTable(raw: string, fits: Fits): string[] {
  const lines = raw.split('\n');
  const header = lines.slice(0, 2);
  const withHeader = (rows: readonly string[]) => [...header, ...rows].join('\n');
  return pack(lines.slice(2), withHeader, fits, (row) =>
    pack(
      graphemes(row),
      (parts) => parts.join(''),
      (piece) => fits(withHeader([piece])),
    ),
  );
}

function splitLines(text: string, fits: Fits): string[] {
  return pack(
    text.split('\n'),
    (lines) => lines.join('\n'),
    fits,
    (line) => splitLine(line, fits),
  );
}

const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** A line that is too long: between sentences, then words, then characters; a quote keeps its `>`. */
function splitLine(line: string, fits: Fits): string[] {
  const prefix = /^(?:[ \t]*>[ \t]?)+/.exec(line)?.[0] ?? '';
  const body = line.slice(prefix.length);
  return pack(
    Array.from(sentences.segment(body), (part) => part.segment),
    (parts) => prefix + parts.join('').trim(),
    fits,
    (unit) => {
      const wordParts = Array.from(words.segment(unit), (part) => part.segment);
      if (wordParts.length > 1) return wordParts;
      const characters = graphemes(unit);
      return characters.length > 1 ? characters : undefined;
    },
  );
}
