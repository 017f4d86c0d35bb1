import { describe, expect, it } from 'vitest';
import { cutSection, fitBudget, PRIORITY, type Section } from './budget.js';
import { workspacePathProblem } from './paths.js';
import { closeOpenBlocks, nestHeadings } from './text.js';

const section = (
  id: string,
  text: string,
  priority: number,
  cut: Section['cut'] = 'truncate',
): Section => ({
  file: 'AGENTS.md',
  id,
  label: id,
  priority,
  cut,
  text,
  pointer: 'knowledge/x.md',
});

describe('text helpers', () => {
  it('nests headings outside code fences only', () => {
    expect(nestHeadings('# A\n```\n# not a heading\n```\n## B\n###### C', 2)).toBe(
      '### A\n```\n# not a heading\n```\n#### B\n###### C',
    );
  });

  it('closes a fence or a comment left open, and leaves closed ones alone', () => {
    expect(closeOpenBlocks('text\n```js\ncode')).toBe('text\n```js\ncode\n```');
    expect(closeOpenBlocks('a\n~~~~\nb\n~~~\n')).toBe('a\n~~~~\nb\n~~~\n~~~~');
    expect(closeOpenBlocks('a <!-- hidden')).toBe('a <!-- hidden\n-->');
    expect(closeOpenBlocks('a <!-- x --> b\n```\nc\n```')).toBe('a <!-- x --> b\n```\nc\n```');
  });
});

describe('budget', () => {
  it('cuts at a line break with a note that says where the full text is', () => {
    const text = Array.from({ length: 100 }, (_, index) => `line ${index}`).join('\n');
    const cut = cutSection(section('dir', text, PRIORITY.knowledge), text, 400);
    expect(cut.length).toBeLessThanOrEqual(400);
    expect(cut).toMatch(
      /line \d+\n_\[cut to fit the prompt budget: \d+ of 789 characters kept; the full text is in knowledge\/x\.md\]_\n$/,
    );
    expect(cutSection(section('dir', text, PRIORITY.knowledge, 'omit'), text, 400)).toBe(
      '_[dir left out to fit the prompt budget; the full text is in knowledge/x.md]_\n',
    );
    expect(cutSection(section('dir', text, PRIORITY.knowledge), text, 10)).toBe('');
  });

  it('cuts the least important section first and counts fixed costs and agent-owned files', () => {
    const fitted = fitBudget(
      [
        section('rules', 'r'.repeat(300), PRIORITY.rules, 'never'),
        section('dir', `${'d\n'.repeat(400)}`, PRIORITY.knowledge),
      ],
      [{ file: 'MEMORY.md', chars: 5_000, priority: PRIORITY.agentOwned }],
      {
        perFileMaxChars: 2_000,
        totalMaxChars: 1_500,
        order: ['AGENTS.md', 'MEMORY.md'],
        fixed: [{ file: 'BOOTSTRAP.md', chars: 50 }],
      },
    );
    expect(fitted.totalInjectedChars).toBeLessThanOrEqual(1_500);
    expect(fitted.sectionTexts.get('rules')).toBe('r'.repeat(300));
    expect(fitted.cuts.map((cut) => cut.section)).toEqual(['dir']);
    expect(fitted.agentOwnedShortfalls).toEqual([
      { file: 'MEMORY.md', chars: 5_000, shownChars: expect.any(Number) },
    ]);
    expect(fitted.injectedChars.get('BOOTSTRAP.md')).toBe(50);
  });
});

describe('workspace paths', () => {
  it('explains why a path is unsafe', () => {
    expect(workspacePathProblem('memory/2026-11-02.md')).toBeUndefined();
    expect(workspacePathProblem('../x')).toBe('must not contain a ".." segment');
    expect(workspacePathProblem('/x')).toBe('must be relative, not absolute');
    expect(workspacePathProblem('C:/x')).toBe('must be relative, not absolute');
    expect(workspacePathProblem('a\0')).toBe('must not contain NUL characters');
    expect(workspacePathProblem('a\\b')).toBe('must use "/" as the separator, not "\\"');
    expect(workspacePathProblem('a//b')).toMatch(/empty segments/);
    expect(workspacePathProblem('x'.repeat(10_000))).toBe(
      'must be at most 512 characters, got 10000',
    );
    expect(workspacePathProblem('memory/.hidden')).toMatch(/may only use/);
  });
});
