import { Lexer, type Token, type Tokens } from 'marked';

export type { Token, Tokens };

/** Markdown as marked's GFM lexer reads it (CommonMark + tables, strikethrough, task lists, autolinks). */
export function lexMarkdown(markdown: string): Token[] {
  return Lexer.lex(normalizeNewlines(markdown), { gfm: true });
}

export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** User-perceived characters: a flag, a family emoji or a letter with accents stays one piece. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (part) => part.segment);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** Decodes the HTML entities marked leaves in text (`&amp;`, `&#39;`, `&#x1F600;`). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const codePoint =
        body[1] === 'x' || body[1] === 'X'
          ? Number.parseInt(body.slice(2), 16)
          : Number.parseInt(body.slice(1), 10);
      return codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff)
        ? String.fromCodePoint(codePoint)
        : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

/**
 * Escapes text so that markdown shows it literally (used for the pairing flow's replies, which are
 * plain sentences). Only characters that can start markup are escaped, so a platform that renders
 * backslashes literally (or no markdown at all) shows as few of them as possible: inline markers
 * anywhere, block markers (`#`, `>`, list bullets and numbers, `=` underlines) at a line start.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_~[\]<>|]/g, '\\$&')
    .replace(/^([ \t]*)([#+=-])/gm, '$1\\$2')
    .replace(/^([ \t]*\d{1,9})([.)])/gm, '$1\\$2');
}

/** The plain text of inline tokens: what a reader sees, without markup. */
export function plainText(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  let out = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        out +=
          'tokens' in token && token.tokens
            ? plainText(token.tokens)
            : decodeEntities((token as Tokens.Text).text);
        break;
      case 'escape':
        out += (token as Tokens.Escape).text;
        break;
      case 'codespan':
        out += decodeEntities((token as Tokens.Codespan).text);
        break;
      case 'br':
        out += '\n';
        break;
      case 'image':
        out += (token as Tokens.Image).text || (token as Tokens.Image).href;
        break;
      case 'html':
        out += (token as Tokens.HTML).raw;
        break;
      default:
        out +=
          'tokens' in token && Array.isArray(token.tokens)
            ? plainText(token.tokens as Token[])
            : (token.raw ?? '');
    }
  }
  return out;
}

/** A GFM table as aligned monospace text (no platform we serve renders markdown tables). */
export function tableText(table: Tokens.Table): string {
  const rows = [
    table.header.map((cell) => plainText(cell.tokens)),
    ...table.rows.map((row) => row.map((cell) => plainText(cell.tokens))),
  ].map((row) => row.map((cell) => cell.replace(/\s*\n\s*/g, ' ')));
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(...rows.map((row) => graphemes(row[column] ?? '').length)),
  );
  const line = (row: readonly string[]) =>
    widths
      .map((width, column) => {
        const cell = row[column] ?? '';
        const pad = ' '.repeat(width - graphemes(cell).length);
        return table.align[column] === 'right' ? pad + cell : cell + pad;
      })
      .join(' | ')
      .trimEnd();
  const [header, ...body] = rows;
  return [
    line(header ?? []),
    widths.map((width) => '-'.repeat(Math.max(width, 1))).join('-+-'),
    ...body.map(line),
  ].join('\n');
}

/** A code fence longer than any backtick run inside `code`, so the code cannot close it early. */
export function codeFence(code: string): string {
  const longest = Math.max(0, ...Array.from(code.matchAll(/`+/g), (match) => match[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Only the language name of a fence's info string, restricted to safe characters. */
export function codeLanguage(lang: string | undefined): string {
  const first = (lang ?? '').trim().split(/\s+/)[0] ?? '';
  return /^[A-Za-z0-9_+#.-]{1,32}$/.test(first) ? first : '';
}
