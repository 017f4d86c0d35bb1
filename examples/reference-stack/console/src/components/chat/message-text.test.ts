import { describe, expect, it } from 'vitest';
import { splitMessage } from './message-text.js';

describe('splitMessage', () => {
  it('keeps fenced code apart from prose', () => {
    expect(
      splitMessage(
        'I ran `git status`. The output was:\n\n```\nfatal: not a git repository\n```\nDone.',
      ),
    ).toEqual([
      { kind: 'text', text: 'I ran `git status`. The output was:' },
      { kind: 'code', text: 'fatal: not a git repository', language: '' },
      { kind: 'text', text: 'Done.' },
    ]);
  });

  it('runs an unclosed fence (a reply still streaming) to the end', () => {
    expect(splitMessage('Here:\n```sh\nls -la')).toEqual([
      { kind: 'text', text: 'Here:' },
      { kind: 'code', text: 'ls -la', language: 'sh' },
    ]);
  });

  it('leaves plain text alone', () => {
    expect(splitMessage('Hello!\nTwo lines.')).toEqual([
      { kind: 'text', text: 'Hello!\nTwo lines.' },
    ]);
    expect(splitMessage('')).toEqual([]);
  });
});
