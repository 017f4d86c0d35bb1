import { lexMarkdown } from '@clawforce/channel-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISCORD_MESSAGE_LIMIT, toDiscordMarkdown, toDiscordMessages } from './format.js';

describe('toDiscordMarkdown', () => {
  it('keeps the markdown Discord renders as the agent wrote it', () => {
    const source = [
      '# Plan',
      '**bold** *italic* ~~struck~~ `code` and [the docs](https://acme.example/docs)',
      '- one\n- two\n  - nested',
      '> quoted',
      '```ts\nconst answer = 42;\n```',
    ].join('\n\n');
    expect(toDiscordMarkdown(source)).toBe(source);
  });

  it('rewrites what Discord cannot show: deep headings, tables, images, rules', () => {
    expect(toDiscordMarkdown('#### Small heading')).toBe('**Small heading**');
    expect(toDiscordMarkdown('| a | b |\n|---|---|\n| 1 | 2 |')).toBe(
      '```\na | b\n--+--\n1 | 2\n```',
    );
    expect(toDiscordMarkdown('![chart](https://acme.example/c.png)')).toBe(
      '[chart](https://acme.example/c.png)',
    );
    expect(toDiscordMarkdown('a\n\n***\n\nb')).toBe('a\n\n───────────\n\nb');
  });

  it('keeps unicode and literal HTML text as it is', () => {
    expect(toDiscordMarkdown('请总结 👨‍👩‍👧‍👦 <b>not html</b> 3 < 4')).toBe(
      '请总结 👨‍👩‍👧‍👦 <b>not html</b> 3 < 4',
    );
  });
});

describe('toDiscordMessages', () => {
  it('splits long replies at 2,000 characters without breaking code blocks', () => {
    const code = Array.from(
      { length: 200 },
      (_, line) => `fn line_${line}() -> u32 { ${line} }`,
    ).join('\n');
    const prose = Array.from(
      { length: 30 },
      (_, index) => `Point ${index}: ${'detail '.repeat(20)}`,
    ).join('\n\n');
    const messages = toDiscordMessages(`${prose}\n\n\`\`\`rust\n${code}\n\`\`\``);
    expect(messages.length).toBeGreaterThan(3);
    const codeParts: string[] = [];
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
      expect((message.match(/```/g) ?? []).length % 2).toBe(0);
      for (const token of lexMarkdown(message)) {
        if (token.type === 'code') {
          expect(token.lang).toBe('rust');
          codeParts.push(token.text);
        }
      }
    }
    expect(codeParts.join('\n')).toBe(code);
  });

  it('stays within the limit for any input (property)', () => {
    const piece = fc.constantFrom(
      'word ',
      '**b** ',
      '`c` ',
      '\n',
      '\n\n',
      '```\nx\n```\n',
      '| a |\n|---|\n| 1 |\n',
      '😀',
      '> q\n',
      '- i\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 800 }), (parts) => {
        for (const message of toDiscordMessages(parts.join(''))) {
          expect(message.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
          expect(message.trim()).not.toBe('');
        }
      }),
      { numRuns: 60 },
    );
  });
});
