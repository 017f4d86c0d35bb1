import { ClawforceError } from '@clawforce/core';

/**
 * What the assembler needs to know about one OpenClaw release: which workspace files reach the
 * model, in which order, and how much of them. Everything that differs between releases lives
 * here, keyed by version, so the rest of the assembler never compares version strings.
 */
export interface OpenClawProfile {
  /** The release this profile was verified against. */
  readonly version: string;
  /**
   * Bootstrap files in the order OpenClaw injects them into the system prompt. Files after the
   * total budget runs out are cut first, so the order decides who loses under pressure.
   */
  readonly bootstrapFiles: readonly string[];
  /** Bootstrap files that OpenClaw announces as `[MISSING] Expected at: <path>` when absent. */
  readonly announcedWhenMissing: readonly string[];
  /** `agents.defaults.bootstrapMaxChars`: the per-file cap (UTF-16 code units). */
  readonly perFileMaxChars: number;
  /** `agents.defaults.bootstrapTotalMaxChars`: the cap across all injected files. */
  readonly totalMaxChars: number;
  /**
   * Whether a tool listed in `tools.deny` that the model asks for anyway is answered with a
   * refusal the model sees. On 2026.3.24 it is not: the model loops on the missing tool, so a
   * denied shell is better enforced with `tools.exec.security: "deny"` on the gateway host,
   * whose refusal (`exec denied: host=gateway security=deny`) reaches the model.
   */
  readonly deniedToolIsVisibleToModel: boolean;
}

const BOOTSTRAP_ORDER_2026_3 = [
  'AGENTS.md',
  'SOUL.md',
  'TOOLS.md',
  'IDENTITY.md',
  'USER.md',
  'HEARTBEAT.md',
  'BOOTSTRAP.md',
  'MEMORY.md',
] as const;

const PROFILES: readonly OpenClawProfile[] = [
  {
    version: '2026.3.24',
    bootstrapFiles: BOOTSTRAP_ORDER_2026_3,
    // MEMORY.md is only listed when it exists; the others are announced when missing.
    announcedWhenMissing: BOOTSTRAP_ORDER_2026_3.filter((name) => name !== 'MEMORY.md'),
    perFileMaxChars: 20_000,
    // OpenClaw's own default is 150,000; Clawforce pins 60,000 so prompts stay affordable on
    // the cost-optimized tier, and writes the value into the config so both sides agree.
    totalMaxChars: 60_000,
    deniedToolIsVisibleToModel: false,
  },
];

/** The OpenClaw releases the assembler has a verified profile for, oldest first. */
export const SUPPORTED_OPENCLAW_VERSIONS: readonly string[] = PROFILES.map(
  (profile) => profile.version,
);

const VERSION_PATTERN = /^(\d{4})\.(\d{1,2})\.(\d{1,2})(?:[-+][0-9A-Za-z.-]+)?$/;

function versionKey(version: string): number | undefined {
  const match = VERSION_PATTERN.exec(version);
  if (!match) return undefined;
  const [, year, month, day] = match;
  return Number(year) * 10_000 + Number(month) * 100 + Number(day);
}

/**
 * The profile for an OpenClaw version (`2026.3.24`, `2026.9.1-beta.2`): the newest verified
 * profile at or below it. `exact` says whether that profile was verified against this very
 * version; callers report it when not. Versions older than every profile are refused.
 */
export function openclawProfile(version: string): {
  readonly profile: OpenClawProfile;
  readonly exact: boolean;
} {
  const key = typeof version === 'string' ? versionKey(version) : undefined;
  if (key === undefined) {
    throw new ClawforceError(
      'validation_failed',
      `openclawVersion must look like 2026.3.24, got ${JSON.stringify(String(version).slice(0, 40))}`,
      [{ path: 'openclawVersion', code: 'invalid_format', message: 'not a calendar version' }],
    );
  }
  let chosen: OpenClawProfile | undefined;
  for (const profile of PROFILES) {
    if ((versionKey(profile.version) as number) <= key) chosen = profile;
  }
  if (!chosen) {
    throw new ClawforceError(
      'validation_failed',
      `OpenClaw ${version} is older than every supported release (${SUPPORTED_OPENCLAW_VERSIONS.join(', ')})`,
      [{ path: 'openclawVersion', code: 'unsupported', message: 'unsupported OpenClaw version' }],
    );
  }
  return { profile: chosen, exact: versionKey(chosen.version) === key };
}
