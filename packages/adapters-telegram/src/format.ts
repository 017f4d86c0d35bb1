import {
  codeLanguage,
  decodeEntities,
  lexMarkdown,
  splitMarkdown,
  type Token,
  type Tokens,
  tableText,
} from '@clawforce/channel-kit';

/** Telegram's limit for one message: 4,096 characters of text after entity parsing. */
export const TELEGRAM_MESSAGE_LIMIT = 4_096;

/** Escapes text for Telegram's HTML parse mode, which knows only these three entities in text. */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeTelegramHtml(text).replace(/"/g, '&quot;');
}

/** Link schemes Telegram opens; anything else (javascript:, data:) is shown as plain text. */
function safeHref(href: string): string | undefined {
  return /^(https?:|tg:|mailto:)/i.test(href.trim()) ? href.trim() : undefined;
}

function inline(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  let out = '';
  for (const token of tokens) out += inlineToken(token);
  return out;
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : escapeTelegramHtml(decodeEntities(text.text));
    }
    case 'escape':
      return escapeTelegramHtml((token as Tokens.Escape).text);
    case 'strong':
      return `<b>${inline((token as Tokens.Strong).tokens)}</b>`;
    case 'em':
      return `<i>${inline((token as Tokens.Em).tokens)}</i>`;
    case 'del':
      return `<s>${inline((token as Tokens.Del).tokens)}</s>`;
    case 'codespan':
      return `<code>${escapeTelegramHtml(decodeEntities((token as Tokens.Codespan).text))}</code>`;
    case 'br':
      return '\n';
    case 'link': {
      const link = token as Tokens.Link;
      const label = inline(link.tokens);
      const href = safeHref(link.href);
      return href ? `<a href="${escapeAttribute(href)}">${label}</a>` : label;
    }
    case 'image': {
      const image = token as Tokens.Image;
      const href = safeHref(image.href);
      const label = escapeTelegramHtml(image.text || image.href);
      return href ? `<a href="${escapeAttribute(href)}">${label}</a>` : label;
    }
    case 'checkbox':
      return '';
    default:
      // Raw HTML and anything unknown is shown as the text the agent wrote.
      return escapeTelegramHtml(token.raw ?? '');
  }
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}

function listHtml(list: Tokens.List): string {
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items
    .map((item, index) => {
      const marker = list.ordered ? `${start + index}.` : '•';
      const box = item.task ? (item.checked ? '☑ ' : '☐ ') : '';
      const body = blocks(item.tokens, '\n');
      const [first = '', ...rest] = body.split('\n');
      const continuation = rest.length > 0 ? `\n${indent(rest.join('\n'), '   ')}` : '';
      return `${marker} ${box}${first}${continuation}`;
    })
    .join('\n');
}

function block(token: Token): string {
  switch (token.type) {
    case 'space':
    case 'def':
    case 'checkbox':
      return '';
    case 'paragraph':
      return inline((token as Tokens.Paragraph).tokens);
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : escapeTelegramHtml(decodeEntities(text.text));
    }
    case 'heading':
      return `<b>${inline((token as Tokens.Heading).tokens)}</b>`;
    case 'code': {
      const code = token as Tokens.Code;
      const language = codeLanguage(code.lang);
      const body = escapeTelegramHtml(code.text);
      return language
        ? `<pre><code class="language-${language}">${body}</code></pre>`
        : `<pre>${body}</pre>`;
    }
    case 'blockquote':
      return `<blockquote>${blocks((token as Tokens.Blockquote).tokens, '\n')}</blockquote>`;
    case 'list':
      return listHtml(token as Tokens.List);
    case 'table':
      return `<pre>${escapeTelegramHtml(tableText(token as Tokens.Table))}</pre>`;
    case 'hr':
      return '──────────';
    default:
      return escapeTelegramHtml((token.raw ?? '').replace(/\n+$/, ''));
  }
}

function blocks(tokens: readonly Token[], separator = '\n\n'): string {
  return tokens
    .map(block)
    .filter((html) => html !== '')
    .join(separator);
}

/**
 * Markdown as Telegram HTML (parse_mode `HTML`): bold, italic, strikethrough, inline code, code
 * blocks with their language, links (http, https, tg, mailto only), block quotes; headings become
 * bold lines, lists get bullets or numbers, tables become monospace blocks. Every text character
 * is escaped, so no agent output can produce a tag Telegram would reject.
 */
export function toTelegramHtml(markdown: string): string {
  return blocks(lexMarkdown(markdown)).trim();
}

/** The text Telegram counts for a message in HTML mode: tags removed, entities decoded. */
export function telegramVisibleLength(html: string): number {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&').length;
}

/** Markdown as the Telegram HTML messages to send, each within {@link TELEGRAM_MESSAGE_LIMIT}. */
export function toTelegramMessages(markdown: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  return splitMarkdown(markdown, {
    limit,
    measure: (piece) => telegramVisibleLength(toTelegramHtml(piece)),
  })
    .map(toTelegramHtml)
    .filter((html) => telegramVisibleLength(html) > 0);
}
