import { describe, expect, it } from 'vitest';
import { draftOfPolicy, policyOfDraft, summarizePolicy } from './tool-policy.js';

describe('tool policy drafts', () => {
  it('round-trips a policy through the form', () => {
    const policy = {
      deny: ['browser', 'canvas'],
      exec: 'allowlist' as const,
      execAllowlist: ['/usr/bin/git', '/usr/bin/jq'],
    };
    expect(policyOfDraft(draftOfPolicy(policy))).toEqual(policy);
  });

  it('leaves empty fields out, and the allowlist unless exec is allowlist', () => {
    expect(
      policyOfDraft({
        allow: ' ',
        deny: 'exec, process  bash',
        exec: 'deny',
        execAllowlist: '/usr/bin/git',
      }),
    ).toEqual({
      deny: ['exec', 'process', 'bash'],
      exec: 'deny',
    });
    expect(policyOfDraft(draftOfPolicy(undefined))).toEqual({});
  });

  it('says what a policy allows in a few words', () => {
    expect(summarizePolicy({ exec: 'deny', deny: ['browser'] })).toBe('no shell; denies browser');
    expect(summarizePolicy({})).toBe('shell inherited');
  });
});
