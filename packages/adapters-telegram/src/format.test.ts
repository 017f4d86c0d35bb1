import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTelegramHtml } from './__fixtures__/fake-telegram-api.js';
import {
  escapeTelegramHtml,
  TELEGRAM_MESSAGE_LIMIT,
  telegramVisibleLength,
  toTelegramHtml,
  toTelegramMessages,
} from './format.js';

/** Telegram's own acceptance rules (as the fake API applies them). */
function accepted(html: string): string {
  const parsed = parseTelegramHtml(html);
  if ('error' in parsed) throw new Error(`${parsed.error}\n${html}`);
  return parsed.text;
}

describe('toTelegramHtml', () => {
  it('converts inline markdown to Telegram tags', () => {
    expect(toTelegramHtml('**bold** *it* _it2_ ~~gone~~ `a < b`')).toBe(
      '<b>bold</b> <i>it</i> <i>it2</i> <s>gone</s> <code>a &lt; b</code>',
    );
  });

  it('escapes every character Telegram would read as markup, including raw HTML', () => {
    const html = toTelegramHtml('Tom & Jerry <script>alert(1)</script> 3 > 2 &amp; done');
    expect(html).toBe('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; 3 &gt; 2 &amp; done');
    expect(accepted(html)).toBe('Tom & Jerry <script>alert(1)</script> 3 > 2 & done');
  });

  it('keeps safe links and drops the link from unsafe schemes', () => {
    expect(toTelegramHtml('[docs](https://acme.example/a?x=1&y="2")')).toBe(
      '<a href="https://acme.example/a?x=1&amp;y=&quot;2&quot;">docs</a>',
    );
    expect(toTelegramHtml('[click](javascript:alert(1))')).toBe('click');
    expect(toTelegramHtml('![chart](https://acme.example/c.png)')).toBe(
      '<a href="https://acme.example/c.png">chart</a>',
    );
  });

  it('renders code blocks with their language and keeps the code verbatim', () => {
    const html = toTelegramHtml('```ts\nif (a < b && c) { return "<x>"; }\n```');
    expect(html).toBe(
      '<pre><code class="language-ts">if (a &lt; b &amp;&amp; c) { return "&lt;x&gt;"; }</code></pre>',
    );
    expect(toTelegramHtml('```\nplain\n```')).toBe('<pre>plain</pre>');
  });

  it('turns headings into bold lines, lists into bullets and numbers, tables into monospace', () => {
    const html = toTelegramHtml(
      '## Plan\n\n- one\n- [x] two\n  - nested\n\n3. third\n4. fourth\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted',
    );
    expect(html).toBe(
      [
        '<b>Plan</b>',
        '',
        '• one\n• ☑ two\n   • nested',
        '',
        '3. third\n4. fourth',
        '',
        '<pre>a | b\n--+--\n1 | 2</pre>',
        '',
        '<blockquote>quoted</blockquote>',
      ].join('\n'),
    );
    accepted(html);
  });

  it('passes unicode through untouched', () => {
    const text = '请总结 👨‍👩‍👧‍👦 مرحبا Zoë';
    expect(toTelegramHtml(text)).toBe(text);
  });

  it('produces HTML Telegram accepts for any input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        accepted(toTelegramHtml(text));
      }),
      { numRuns: 300 },
    );
    const markup = fc.constantFrom(
      '**',
      '*',
      '_',
      '`',
      '```',
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      '&',
      '#',
      '- ',
      '\n',
      '> ',
      '|',
      'text',
      '😀',
    );
    fc.assert(
      fc.property(fc.array(markup, { maxLength: 60 }), (parts) => {
        accepted(toTelegramHtml(parts.join('')));
      }),
      { numRuns: 300 },
    );
  });
});

describe('toTelegramMessages', () => {
  it('sends short replies as one message', () => {
    expect(toTelegramMessages('Hello **there**')).toEqual(['Hello <b>there</b>']);
  });

  it('splits long replies at 4,096 visible characters without breaking code blocks', () => {
    const code = Array.from(
      { length: 400 },
      (_, line) => `console.log("row ${line}", a < b);`,
    ).join('\n');
    const prose = Array.from(
      { length: 60 },
      (_, index) => `Paragraph ${index}: ${'lorem ipsum '.repeat(12)}`,
    ).join('\n\n');
    const messages = toTelegramMessages(`${prose}\n\n\`\`\`js\n${code}\n\`\`\`\n\nThat is all.`);
    expect(messages.length).toBeGreaterThan(3);
    let codeSeen = '';
    for (const html of messages) {
      const text = accepted(html);
      expect(text.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expect(telegramVisibleLength(html)).toBe(text.length);
      for (const match of html.matchAll(
        /<pre><code class="language-js">([\s\S]*?)<\/code><\/pre>/g,
      )) {
        codeSeen += `${codeSeen ? '\n' : ''}${match[1]}`;
      }
    }
    expect(codeSeen).toBe(escapeTelegramHtml(code));
    expect(messages.at(-1)).toContain('That is all.');
  });

  it('counts what Telegram counts: escapes do not use up the limit, astral characters count twice', () => {
    const ampersands = '&'.repeat(5_000);
    const messages = toTelegramMessages(ampersands);
    expect(messages).toHaveLength(2);
    expect(messages.map(telegramVisibleLength)).toEqual([4_096, 904]);
    const emoji = toTelegramMessages('😀'.repeat(3_000));
    expect(emoji.map((html) => accepted(html).length)).toEqual([4_096, 1_904]);
  });
});
