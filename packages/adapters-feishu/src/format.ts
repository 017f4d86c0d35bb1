import { type MarkdownDialect, splitMarkdown, toMarkdownDialect } from '@clawforce/channel-kit';

/**
 * Feishu's documented limit for a rich-text (`post`) or card message: a request body of at most
 * 30 KB (a `text` message may be 150 KB, but renders no formatting). Measured on the request body
 * as sent, UTF-8 and JSON-escaped, with room for the longest receive id.
 */
export const FEISHU_POST_LIMIT_BYTES = 30_000;

/**
 * The `md` element of a Feishu `post` renders bold, italic, strikethrough, links, lists, quotes,
 * code blocks and rules, but not headings or tables. Tag-like text (`<at user_id="all">`) would
 * become a mention, so raw HTML gets an invisible break after each `<`.
 */
export const feishuDialect: MarkdownDialect = {
  maxHeadingDepth: 0,
  horizontalRule: '---',
  html: (raw) => raw.replace(/</g, '<\u200b'),
};

/** Agent markdown as Feishu post markdown. */
export function toFeishuMarkdown(markdown: string): string {
  return toMarkdownDialect(markdown, feishuDialect);
}

/** The `content` of a `post` message holding one markdown element (it must be its own paragraph). */
export function feishuPostContent(markdown: string): string {
  return JSON.stringify({ zh_cn: { content: [[{ tag: 'md', text: markdown }]] } });
}

/** The bytes of a send request carrying `content`, with the longest receive id we send to. */
export function feishuRequestBytes(content: string): number {
  return Buffer.byteLength(
    JSON.stringify({ receive_id: `oc_${'0'.repeat(64)}`, msg_type: 'post', content }),
    'utf8',
  );
}

/** Agent markdown as the `post` contents to send, each request within {@link FEISHU_POST_LIMIT_BYTES}. */
export function toFeishuPosts(markdown: string, limitBytes = FEISHU_POST_LIMIT_BYTES): string[] {
  return splitMarkdown(markdown, {
    limit: limitBytes,
    measure: (piece) => feishuRequestBytes(feishuPostContent(toFeishuMarkdown(piece))),
  })
    .map(toFeishuMarkdown)
    .filter((text) => text.trim() !== '')
    .map(feishuPostContent);
}
