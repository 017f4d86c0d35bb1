import type { ExecMode, ToolPolicy } from '../../api/types.js';

/** A tool policy as a form edits it: comma-separated tool names, one allowlisted binary a line. */
export interface ToolPolicyDraft {
  allow: string;
  deny: string;
  exec: '' | ExecMode;
  execAllowlist: string;
}

export function draftOfPolicy(policy: ToolPolicy | undefined): ToolPolicyDraft {
  return {
    allow: (policy?.allow ?? []).join(', '),
    deny: (policy?.deny ?? []).join(', '),
    exec: policy?.exec ?? '',
    execAllowlist: (policy?.execAllowlist ?? []).join('\n'),
  };
}

const names = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((name) => name.trim())
    .filter(Boolean);

/** The policy a draft describes; fields left empty are left out (inherited). Pure. */
export function policyOfDraft(draft: ToolPolicyDraft): ToolPolicy {
  const allow = names(draft.allow, /[,\s]+/);
  const deny = names(draft.deny, /[,\s]+/);
  const execAllowlist = names(draft.execAllowlist, /\n+/);
  return {
    ...(allow.length > 0 ? { allow } : {}),
    ...(deny.length > 0 ? { deny } : {}),
    ...(draft.exec ? { exec: draft.exec } : {}),
    ...(draft.exec === 'allowlist' && execAllowlist.length > 0 ? { execAllowlist } : {}),
  };
}

const EXEC_WORDS: Record<ExecMode, string> = {
  deny: 'no shell',
  allowlist: 'allowlisted commands only',
  full: 'full shell',
};

/** A policy in a few words ("no shell; denies browser, canvas"). Pure. */
export function summarizePolicy(policy: ToolPolicy): string {
  const parts = [
    policy.exec ? EXEC_WORDS[policy.exec] : 'shell inherited',
    policy.allow?.length ? `allows only ${policy.allow.join(', ')}` : '',
    policy.deny?.length ? `denies ${policy.deny.join(', ')}` : '',
  ].filter(Boolean);
  return parts.join('; ');
}
