import { describe, expect, it } from 'vitest';
import { type MarkdownDialect, toMarkdownDialect } from './markdown-dialect.js';

const dialect: MarkdownDialect = {
  maxHeadingDepth: 2,
  horizontalRule: '———',
  html: (raw) => raw.replace(/</g, '‹'),
};

describe('toMarkdownDialect', () => {
  it('passes supported markdown through as written', () => {
    const source = '**bold** *it* ~~gone~~ `code` \\*literal\\* [docs](https://acme.example/x)';
    expect(toMarkdownDialect(source, dialect)).toBe(source);
  });

  it('keeps code blocks verbatim with their language and a safe fence', () => {
    expect(toMarkdownDialect('```py\nprint("**not bold**")\n```', dialect)).toBe(
      '```py\nprint("**not bold**")\n```',
    );
    expect(toMarkdownDialect('````\n```\n````', dialect)).toBe('````\n```\n````');
  });

  it('keeps headings the platform renders and turns deeper ones into bold lines', () => {
    expect(toMarkdownDialect('# One\n\n## Two\n\n### Three', dialect)).toBe(
      '# One\n\n## Two\n\n**Three**',
    );
  });

  it('writes lists with markers, numbering, task boxes and nesting', () => {
    expect(toMarkdownDialect('* a\n* [x] b\n  * c\n\n7. seven\n8. eight', dialect)).toBe(
      '- a\n- ☑ b\n  - c\n\n7. seven\n8. eight',
    );
  });

  it('turns tables into monospace blocks, images into links, rules into the dialect rule', () => {
    expect(toMarkdownDialect('| a | b |\n|---|---|\n| 1 | 2 |', dialect)).toBe(
      '```\na | b\n--+--\n1 | 2\n```',
    );
    expect(toMarkdownDialect('![chart](https://acme.example/c.png)', dialect)).toBe(
      '[chart](https://acme.example/c.png)',
    );
    expect(toMarkdownDialect('above\n\n---\n\nbelow', dialect)).toBe('above\n\n———\n\nbelow');
  });

  it('quotes every line of a block quote', () => {
    expect(toMarkdownDialect('> one\n> two\n>\n> - item', dialect)).toBe(
      '> one\n> two\n>\n> - item',
    );
  });

  it('neutralizes raw HTML and drops unsafe link targets', () => {
    expect(toMarkdownDialect('hi <at user_id="all"></at>', dialect)).toBe(
      'hi ‹at user_id="all">‹/at>',
    );
    expect(
      toMarkdownDialect('[x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)', dialect),
    ).toBe('x y');
    expect(toMarkdownDialect('see https://acme.example/a', dialect)).toBe(
      'see https://acme.example/a',
    );
  });
});
