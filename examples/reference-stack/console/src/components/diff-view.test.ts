import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from './diff-view.js';

describe('parseUnifiedDiff', () => {
  it('reads the lines of a unified patch and drops its file headers', () => {
    const patch = [
      '===================================================================',
      '--- SOUL-position@v1',
      '+++ SOUL-position@v2',
      '@@ -1,2 +1,2 @@',
      ' # Finance Analyst',
      '-old line',
      '+new line',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    expect(parseUnifiedDiff(patch)).toEqual([
      { kind: 'hunk', text: '@@ -1,2 +1,2 @@' },
      { kind: 'context', text: '# Finance Analyst' },
      { kind: 'removed', text: 'old line' },
      { kind: 'added', text: 'new line' },
    ]);
  });
});
