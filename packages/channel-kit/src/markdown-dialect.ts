import {
  codeFence,
  codeLanguage,
  lexMarkdown,
  type Token,
  type Tokens,
  tableText,
} from './markdown.js';

/** What a platform's markdown can show, for re-writing agent markdown into it. */
export interface MarkdownDialect {
  /** The deepest `#` heading the platform renders; deeper ones (or all, with 0) become bold lines. */
  readonly maxHeadingDepth: number;
  /** A thematic break, as the platform can show it. */
  readonly horizontalRule: string;
  /** Raw HTML the agent wrote, made harmless (it must never turn into platform markup). */
  readonly html: (raw: string) => string;
}

/** Links to these schemes stay links; anything else is shown as its text. */
export function isSafeLink(href: string): boolean {
  return /^(https?:|mailto:)/i.test(href.trim());
}

function inline(tokens: readonly Token[] | undefined, dialect: MarkdownDialect): string {
  if (!tokens) return '';
  let out = '';
  for (const token of tokens) out += inlineToken(token, dialect);
  return out;
}

function inlineToken(token: Token, dialect: MarkdownDialect): string {
  switch (token.type) {
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens, dialect) : text.raw;
    }
    case 'strong':
      return `**${inline((token as Tokens.Strong).tokens, dialect)}**`;
    case 'em':
      return `*${inline((token as Tokens.Em).tokens, dialect)}*`;
    case 'del':
      return `~~${inline((token as Tokens.Del).tokens, dialect)}~~`;
    case 'br':
      return '\n';
    case 'link': {
      const link = token as Tokens.Link;
      const label = inline(link.tokens, dialect);
      if (!isSafeLink(link.href)) return label;
      return label === link.href || link.raw === link.href ? link.href : `[${label}](${link.href})`;
    }
    case 'image': {
      const image = token as Tokens.Image;
      if (!isSafeLink(image.href)) return image.text;
      return image.text ? `[${image.text}](${image.href})` : image.href;
    }
    case 'html':
      return dialect.html(token.raw);
    case 'checkbox':
      return '';
    default:
      // Escapes and code spans are written back exactly as the agent wrote them.
      return token.raw ?? '';
  }
}

function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? first : line === '' ? rest.trimEnd() : rest) + line)
    .join('\n');
}

function list(token: Tokens.List, dialect: MarkdownDialect): string {
  const start = typeof token.start === 'number' ? token.start : 1;
  return token.items
    .map((item, index) => {
      const marker = token.ordered ? `${start + index}.` : '-';
      const box = item.task ? (item.checked ? '☑ ' : '☐ ') : '';
      const body = blocks(item.tokens, dialect, '\n');
      return prefixLines(`${box}${body}`, `${marker} `, ' '.repeat(marker.length + 1));
    })
    .join('\n');
}

function block(token: Token, dialect: MarkdownDialect): string {
  switch (token.type) {
    case 'space':
    case 'def':
    case 'checkbox':
      return '';
    case 'paragraph':
      return inline((token as Tokens.Paragraph).tokens, dialect);
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens, dialect) : text.raw;
    }
    case 'heading': {
      const heading = token as Tokens.Heading;
      const text = inline(heading.tokens, dialect);
      return heading.depth <= dialect.maxHeadingDepth
        ? `${'#'.repeat(heading.depth)} ${text}`
        : `**${text}**`;
    }
    case 'code': {
      const code = token as Tokens.Code;
      const fence = codeFence(code.text);
      return `${fence}${codeLanguage(code.lang)}\n${code.text}\n${fence}`;
    }
    case 'blockquote':
      return prefixLines(blocks((token as Tokens.Blockquote).tokens, dialect), '> ', '> ');
    case 'list':
      return list(token as Tokens.List, dialect);
    case 'table': {
      const text = tableText(token as Tokens.Table);
      const fence = codeFence(text);
      return `${fence}\n${text}\n${fence}`;
    }
    case 'hr':
      return dialect.horizontalRule;
    case 'html':
      return dialect.html(token.raw.replace(/\n+$/, ''));
    default:
      return (token.raw ?? '').replace(/\n+$/, '');
  }
}

function blocks(tokens: readonly Token[], dialect: MarkdownDialect, separator = '\n\n'): string {
  return tokens
    .map((token) => block(token, dialect))
    .filter((text) => text !== '')
    .join(separator);
}

/**
 * Re-writes agent markdown for a platform's markdown dialect: what the platform renders passes
 * through as written; tables become monospace blocks, images become links, deep headings become
 * bold lines, unsafe links lose their target, raw HTML is neutralized by the dialect.
 */
export function toMarkdownDialect(markdown: string, dialect: MarkdownDialect): string {
  return blocks(lexMarkdown(markdown), dialect).trim();
}
