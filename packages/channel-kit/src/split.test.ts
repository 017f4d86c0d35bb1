import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, graphemes, lexMarkdown, tableText } from './markdown.js';
import { splitMarkdown } from './split.js';

const byLength = (limit: number) => ({ limit, measure: (text: string) => text.length });

/** Code blocks in a piece, as marked reads them. */
const codeBlocks = (markdown: string) =>
  lexMarkdown(markdown).filter((token) => token.type === 'code') as {
    text: string;
    lang?: string;
  }[];

const hasLoneSurrogate = (text: string) =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe('splitMarkdown', () => {
  it('returns short text unchanged and nothing for blank text', () => {
    expect(splitMarkdown('  hello *world*  ', byLength(100))).toEqual(['hello *world*']);
    expect(splitMarkdown(' \n\n ', byLength(100))).toEqual([]);
  });

  it('splits between blocks first, keeping each block whole', () => {
    const paragraphs = ['First paragraph here.', 'Second one, a bit longer.', 'Third.'];
    const pieces = splitMarkdown(paragraphs.join('\n\n'), byLength(50));
    expect(pieces).toEqual([`${paragraphs[0]}\n\n${paragraphs[1]}`, paragraphs[2]]);
  });

  it('cuts a long code block into code blocks that each reopen the fence and language', () => {
    const code = Array.from({ length: 60 }, (_, line) => `print("line ${line}")`).join('\n');
    const pieces = splitMarkdown(`Here:\n\n\`\`\`python\n${code}\n\`\`\`\n\nDone.`, byLength(300));
    expect(pieces.length).toBeGreaterThan(3);
    const rebuilt: string[] = [];
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(300);
      // Every piece parses on its own and no fence is left open.
      expect((piece.match(/```/g) ?? []).length % 2).toBe(0);
      for (const block of codeBlocks(piece)) {
        expect(block.lang).toBe('python');
        rebuilt.push(block.text);
      }
    }
    expect(rebuilt.join('\n')).toBe(code);
  });

  it('uses a longer fence when the code itself contains backticks', () => {
    const code = Array.from({ length: 30 }, () => 'echo ```not a fence```').join('\n');
    const pieces = splitMarkdown(`\`\`\`\`sh\n${code}\n\`\`\`\``, byLength(200));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.flatMap((piece) => codeBlocks(piece).map((block) => block.text)).join('\n')).toBe(
      code,
    );
  });

  it('splits a long list between items and a long table between rows, repeating the header', () => {
    const list = Array.from({ length: 40 }, (_, item) => `- item number ${item}`).join('\n');
    const listPieces = splitMarkdown(list, byLength(120));
    expect(listPieces.length).toBeGreaterThan(1);
    expect(listPieces.join('\n')).toBe(list);

    const table = [
      '| name | value |',
      '|---|---|',
      ...Array.from({ length: 30 }, (_, row) => `| row ${row} | ${row * 7} |`),
    ].join('\n');
    const tablePieces = splitMarkdown(table, byLength(150));
    expect(tablePieces.length).toBeGreaterThan(1);
    for (const piece of tablePieces) {
      expect(piece.startsWith('| name | value |\n|---|---|\n')).toBe(true);
      expect(lexMarkdown(piece)[0]?.type).toBe('table');
    }
  });

  it('splits a long line between sentences, then words, never inside an emoji or a surrogate pair', () => {
    const sentence = 'The quarterly numbers look good. ';
    const prose = sentence.repeat(40).trim();
    const pieces = splitMarkdown(prose, byLength(100));
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(100);
      expect(piece.endsWith('.')).toBe(true);
    }
    const family = '👨‍👩‍👧‍👦';
    const emojiPieces = splitMarkdown(family.repeat(50), byLength(40));
    for (const piece of emojiPieces) {
      expect(hasLoneSurrogate(piece)).toBe(false);
      expect(graphemes(piece).every((character) => character === family)).toBe(true);
    }
    expect(emojiPieces.join('')).toBe(family.repeat(50));
  });

  it('keeps a block quote a quote when a long quoted line is cut', () => {
    const pieces = splitMarkdown(`> ${'word '.repeat(60).trim()}`, byLength(80));
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(lexMarkdown(piece)[0]?.type).toBe('blockquote');
  });

  it('measures with the platform measure (here: UTF-8 bytes)', () => {
    const text = '飞书消息'.repeat(200);
    const bytes = (piece: string) => Buffer.byteLength(piece, 'utf8');
    const pieces = splitMarkdown(text, { limit: 300, measure: bytes });
    for (const piece of pieces) expect(bytes(piece)).toBeLessThanOrEqual(300);
    expect(pieces.join('')).toBe(text);
  });

  it('always yields pieces within the limit and never lone surrogates (property)', () => {
    const fragment = fc.constantFrom(
      'plain words here',
      '**bold**',
      '`code`',
      '\n\n',
      '\n',
      '```js\nconst a = 1;\nconst b = 2;\n```',
      '- item',
      '> quoted',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      '😀',
      '👨‍👩‍👧',
      '中文内容',
      '<b>',
      '&amp;',
    );
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 120 }),
        fc.integer({ min: 40, max: 400 }),
        (parts, limit) => {
          const pieces = splitMarkdown(parts.join(''), byLength(limit));
          for (const piece of pieces) {
            expect(piece.length).toBeLessThanOrEqual(limit);
            expect(hasLoneSurrogate(piece)).toBe(false);
            expect(piece.trim()).not.toBe('');
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('markdown helpers', () => {
  it('escapeMarkdown makes every markup character literal', () => {
    const text = 'Send "/start ABCD-EFGH" to *bot* [now](x) _please_ #1 <tag> `x` ~~y~~ | 2.5!';
    const tokens = lexMarkdown(escapeMarkdown(text));
    expect(tokens).toHaveLength(1);
    const paragraph = tokens[0] as { type: string; tokens: { type: string; text: string }[] };
    expect(paragraph.type).toBe('paragraph');
    expect(
      paragraph.tokens.every((token) => token.type === 'text' || token.type === 'escape'),
    ).toBe(true);
    expect(paragraph.tokens.map((token) => token.text).join('')).toBe(text);
  });

  it('escapeMarkdown keeps line-start markers literal and leaves plain sentences alone', () => {
    const lines = '# not a heading\n- not a list\n1. not numbered\n> not quoted\nplain\n===';
    expect(lexMarkdown(escapeMarkdown(lines)).map((token) => token.type)).toEqual(['paragraph']);
    const sentence = 'You are linking this account to Bob · Sales. Reply BIND (or CANCEL).';
    expect(escapeMarkdown(sentence)).toBe(sentence);
  });

  it('tableText aligns columns and right-aligns where the table says so', () => {
    const [table] = lexMarkdown('| Region | Revenue |\n|:--|--:|\n| EMEA | 1,200 |\n| APAC | 15 |');
    expect(tableText(table as never)).toBe(
      ['Region | Revenue', '-------+--------', 'EMEA   |   1,200', 'APAC   |      15'].join('\n'),
    );
  });
});
