import { lexMarkdown } from '@clawforce/channel-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FEISHU_POST_LIMIT_BYTES,
  feishuPostContent,
  feishuRequestBytes,
  toFeishuMarkdown,
  toFeishuPosts,
} from './format.js';

const markdownOf = (content: string) =>
  (JSON.parse(content) as { zh_cn: { content: { tag: string; text: string }[][] } }).zh_cn
    .content[0]?.[0]?.text ?? '';

describe('toFeishuMarkdown', () => {
  it('keeps what the post md element renders and turns headings and tables into what it can show', () => {
    expect(
      toFeishuMarkdown(
        '# Weekly\n\n**bold** *it* ~~old~~ [link](https://acme.example)\n\n- a\n- b',
      ),
    ).toBe('**Weekly**\n\n**bold** *it* ~~old~~ [link](https://acme.example)\n\n- a\n- b');
    expect(toFeishuMarkdown('| 区域 | 收入 |\n|---|--:|\n| 华东 | 1,200 |')).toBe(
      '```\n区域 |    收入\n---+------\n华东 | 1,200\n```',
    );
  });

  it('neutralizes tags that would become mentions', () => {
    expect(toFeishuMarkdown('ping <at user_id="all"></at>')).toBe(
      'ping <\u200bat user_id="all"><\u200b/at>',
    );
  });

  it('wraps markdown in a post with one md element', () => {
    expect(JSON.parse(feishuPostContent('hi'))).toEqual({
      zh_cn: { content: [[{ tag: 'md', text: 'hi' }]] },
    });
  });
});

describe('toFeishuPosts', () => {
  it('keeps every request within 30 KB (CJK counts three bytes, JSON escaping counts too)', () => {
    const text = Array.from(
      { length: 60 },
      (_, index) => `第 ${index} 段 "引号" \\ ${'中文内容'.repeat(60)}`,
    ).join('\n\n');
    const posts = toFeishuPosts(text);
    expect(posts.length).toBeGreaterThan(1);
    for (const content of posts)
      expect(feishuRequestBytes(content)).toBeLessThanOrEqual(FEISHU_POST_LIMIT_BYTES);
  });

  it('never breaks a code block across posts', () => {
    const code = Array.from(
      { length: 2_000 },
      (_, line) => `SELECT * FROM t_${line} WHERE x < 10;`,
    ).join('\n');
    const posts = toFeishuPosts(`\`\`\`sql\n${code}\n\`\`\``);
    expect(posts.length).toBeGreaterThan(1);
    const parts = posts.flatMap((content) =>
      lexMarkdown(markdownOf(content)).flatMap((token) =>
        token.type === 'code' ? [token.text] : [],
      ),
    );
    expect(parts.join('\n')).toBe(code);
  });

  it('stays within the limit for any input (property)', () => {
    const piece = fc.constantFrom(
      '中文',
      'word ',
      '"q" ',
      '\\',
      '\n\n',
      '```\nx\n```\n',
      '😀',
      '- i\n',
      '<at>',
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12_000 }), (parts) => {
        for (const content of toFeishuPosts(parts.join(''), 4_000)) {
          expect(feishuRequestBytes(content)).toBeLessThanOrEqual(4_000);
        }
      }),
      { numRuns: 15 },
    );
  });
});
