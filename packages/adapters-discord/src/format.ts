import { type MarkdownDialect, splitMarkdown, toMarkdownDialect } from '@clawforce/channel-kit';

/** Discord's limit for one message's content: 2,000 characters. */
export const DISCORD_MESSAGE_LIMIT = 2_000;

/**
 * Discord renders CommonMark-like markdown: bold, italic, strikethrough, inline code, fenced code
 * with a language, block quotes, lists, `#`–`###` headings and masked links. It shows raw HTML as
 * text, so that passes through; mentions in agent text never ping anyone (the adapter sends
 * `allowed_mentions: { parse: [] }`).
 */
export const discordDialect: MarkdownDialect = {
  maxHeadingDepth: 3,
  horizontalRule: '───────────',
  html: (raw) => raw,
};

/** Agent markdown as Discord markdown (tables as code blocks, images as links, deep headings bold). */
export function toDiscordMarkdown(markdown: string): string {
  return toMarkdownDialect(markdown, discordDialect);
}

/** Agent markdown as the Discord messages to send, each within {@link DISCORD_MESSAGE_LIMIT}. */
export function toDiscordMessages(markdown: string, limit = DISCORD_MESSAGE_LIMIT): string[] {
  return splitMarkdown(markdown, {
    limit,
    measure: (piece) => toDiscordMarkdown(piece).length,
  })
    .map(toDiscordMarkdown)
    .filter((content) => content.trim() !== '');
}
