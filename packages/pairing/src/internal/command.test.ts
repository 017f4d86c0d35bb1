import { describe, expect, it } from 'vitest';
import { parseCommand } from './command.js';

describe('parseCommand', () => {
  it('reads /start with a payload, as typed or as sent by a deep link in a group', () => {
    expect(parseCommand('/start ABCD-EFGH')).toEqual({ kind: 'start', payload: 'ABCD-EFGH' });
    expect(parseCommand('  /START   abcd efgh ')).toEqual({ kind: 'start', payload: 'abcd efgh' });
    expect(parseCommand('/start@AcmeClawBot ABCDEFGH')).toEqual({
      kind: 'start',
      payload: 'ABCDEFGH',
    });
    expect(parseCommand('/start')).toEqual({ kind: 'start', payload: '' });
    expect(parseCommand(`/start ${'A'.repeat(5_000)}`)).toEqual({
      kind: 'start',
      payload: 'A'.repeat(5_000),
    });
  });

  it('reads BIND and CANCEL in any case, with or without a slash, and in Chinese', () => {
    for (const text of ['BIND', 'bind', '/bind', ' Bind ', '绑定'])
      expect(parseCommand(text)).toEqual({ kind: 'bind' });
    for (const text of ['CANCEL', '/cancel', '取消'])
      expect(parseCommand(text)).toEqual({ kind: 'cancel' });
  });

  it('treats everything else as an ordinary message', () => {
    for (const text of ['hello', '/startABCD', 'BIND please', 'start ABCDEFGH', '']) {
      expect(parseCommand(text)).toEqual({ kind: 'other' });
    }
  });
});
