import {
  type AccessPath,
  accessPathSchema,
  type Channel,
  ClawforceError,
  isId,
  parse,
} from '@clawforce/core';
import { DIGEST_LENGTH, DIGEST_PATTERN, tupleDigest } from './internal/digest.js';

/**
 * Session ids name one conversation: `{prefix}__{subject}__{discriminator}`.
 *
 * - `prefix` says how the caller arrived (`emp`, `pgnd`, `twin`, `admin`, `tg`/`dc`/`fs`, `shared`).
 * - `subject` is the employee, admin or shared-agent id, or the raw IM user id for unpaired accounts
 *   (kept verbatim when it is short and safe, otherwise replaced by `-` and a digest).
 * - `discriminator` is a 26-character base32 SHA-256 digest of the prefix, the subject and the part
 *   of the access path that is not visible in the id (twin visitor, playground operator, shared-agent
 *   caller). It keeps every id at least 33 characters long (AgentCore's minimum), makes ids of
 *   distinct access paths distinct, and lets {@link parseSessionId} verify ids that have no hidden
 *   part.
 *
 * Ids use only `A-Z a-z 0-9 _ -`, are 33-100 characters, and are deterministic: the same access
 * path always yields the same id, whichever channel the message came from.
 */
export const SESSION_ID_MIN_LENGTH = 33;
export const SESSION_ID_MAX_LENGTH = 100;

export const SESSION_PREFIXES = [
  'emp',
  'pt',
  'pgnd',
  'twin',
  'admin',
  'tg',
  'dc',
  'fs',
  'shared',
] as const;
export type SessionPrefix = (typeof SESSION_PREFIXES)[number];

const CHANNEL_PREFIX: Readonly<Record<Channel, 'tg' | 'dc' | 'fs'>> = {
  telegram: 'tg',
  discord: 'dc',
  feishu: 'fs',
};
const PREFIX_CHANNEL: Readonly<Record<'tg' | 'dc' | 'fs', Channel>> = {
  tg: 'telegram',
  dc: 'discord',
  fs: 'feishu',
};

/** Raw IM user ids kept verbatim in a session id; anything else is hashed. */
const VERBATIM_CHANNEL_USER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const HASHED_CHANNEL_USER = new RegExp(`^-[0-9a-hjkmnp-tv-z]{${DIGEST_LENGTH}}$`);
const SAFE_CHARACTERS = /^[A-Za-z0-9_-]+$/;
const LEGACY_SUFFIX = /^[A-Za-z0-9-]{1,64}$/;
const DIGEST_VERSION = 'session-v1';

interface Parts {
  readonly prefix: Exclude<SessionPrefix, 'pt'>;
  readonly subject: string;
  /** The part of the access path that the id does not show; null when there is none. */
  readonly hidden: string | null;
}

function partsOf(path: AccessPath): Parts {
  switch (path.kind) {
    case 'employee':
      return { prefix: 'emp', subject: path.employeeId, hidden: null };
    case 'playground':
      return { prefix: 'pgnd', subject: path.employeeId, hidden: path.operatorId };
    case 'twin':
      return { prefix: 'twin', subject: path.employeeId, hidden: path.visitorId };
    case 'admin':
      return { prefix: 'admin', subject: path.adminId, hidden: null };
    case 'unpaired':
      return {
        prefix: CHANNEL_PREFIX[path.channel],
        subject: channelUserSubject(path.channel, path.channelUserId),
        hidden: null,
      };
    case 'shared':
      return { prefix: 'shared', subject: path.agentId, hidden: path.callerEmployeeId ?? null };
  }
}

function channelUserSubject(channel: Channel, channelUserId: string): string {
  if (VERBATIM_CHANNEL_USER.test(channelUserId)) return channelUserId;
  return `-${tupleDigest([DIGEST_VERSION, 'channel-user', channel, channelUserId])}`;
}

const discriminatorOf = (parts: Parts) =>
  tupleDigest([DIGEST_VERSION, parts.prefix, parts.subject, parts.hidden]);

/**
 * The session id of an access path. Employee paths ignore `via`: the portal and every bound IM
 * channel share one session. Throws `validation_failed` for a malformed access path.
 */
export function formatSessionId(path: AccessPath): string {
  const parts = partsOf(parse(accessPathSchema, path, 'access path'));
  return `${parts.prefix}__${parts.subject}__${discriminatorOf(parts)}`;
}

interface ParsedBase {
  /** The canonical id (a legacy `pt__` id is given in its `emp__` form). */
  readonly sessionId: string;
  /** The prefix as written. */
  readonly prefix: SessionPrefix;
  readonly discriminator: string;
  /** True for the legacy `pt__` alias. */
  readonly legacy: boolean;
}

/**
 * What a session id says. `accessPath` is present when the id determines the whole access path
 * (employee, admin, unpaired with a verbatim user id, the team session of a shared agent); twin
 * visitors, playground operators and shared-agent callers are only present as the digest.
 */
export type ParsedSessionId = ParsedBase &
  (
    | { readonly kind: 'employee'; readonly employeeId: string; readonly accessPath: AccessPath }
    | { readonly kind: 'playground'; readonly employeeId: string }
    | { readonly kind: 'twin'; readonly employeeId: string }
    | { readonly kind: 'admin'; readonly adminId: string; readonly accessPath: AccessPath }
    | {
        readonly kind: 'unpaired';
        readonly channel: Channel;
        /** Present when the id carries the raw user id verbatim. */
        readonly channelUserId?: string;
        /** Present when the raw user id was long or unsafe and is carried as a digest. */
        readonly channelUserDigest?: string;
        readonly accessPath?: AccessPath;
      }
    | {
        readonly kind: 'shared';
        readonly agentId: string;
        /** True for the agent's team session (no individual caller). */
        readonly team: boolean;
        readonly accessPath?: AccessPath;
      }
  );

type Problem =
  | 'not_a_string'
  | 'bad_length'
  | 'bad_characters'
  | 'bad_prefix'
  | 'bad_subject'
  | 'bad_discriminator'
  | 'checksum_mismatch';

function invalid(problem: Problem, message: string, value?: string): ClawforceError {
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(value.slice(0, 40))})`;
  return new ClawforceError('invalid_id', `session id ${message}${shown}`, [
    { path: 'sessionId', code: problem, message },
  ]);
}

function parseLegacy(id: string): ParsedSessionId {
  // `pt__{employeeId}` or `pt__{employeeId}__{suffix}`: ids from before `emp__`, read as employee.
  const rest = id.slice('pt__'.length);
  const separator = rest.indexOf('__');
  const employeeId = separator === -1 ? rest : rest.slice(0, separator);
  const suffix = separator === -1 ? '' : rest.slice(separator + 2);
  if (!isId(employeeId)) throw invalid('bad_subject', 'must name an employee id', id);
  if (separator !== -1 && !LEGACY_SUFFIX.test(suffix)) {
    throw invalid('bad_discriminator', 'has a malformed legacy suffix', id);
  }
  const accessPath: AccessPath = { kind: 'employee', employeeId };
  return {
    kind: 'employee',
    sessionId: formatSessionId(accessPath),
    prefix: 'pt',
    discriminator: suffix,
    legacy: true,
    employeeId,
    accessPath,
  };
}

/**
 * Reads a session id back into its prefix, subject and discriminator. Accepts the legacy `pt__`
 * alias (as an employee session). Throws `invalid_id` naming the problem for anything malformed:
 * wrong length, characters outside `A-Z a-z 0-9 _ -` (including Unicode look-alikes), an unknown
 * prefix, a bad subject or a discriminator that does not match.
 */
export function parseSessionId(id: string): ParsedSessionId {
  if (typeof id !== 'string') throw invalid('not_a_string', 'must be a string');
  if (id.length > SESSION_ID_MAX_LENGTH) {
    throw invalid('bad_length', `must be at most ${SESSION_ID_MAX_LENGTH} characters`, id);
  }
  if (!SAFE_CHARACTERS.test(id)) {
    throw invalid('bad_characters', 'may only contain ASCII letters, digits, _ and -', id);
  }
  const first = id.indexOf('__');
  const prefix = (first === -1 ? id : id.slice(0, first)) as SessionPrefix;
  if (!SESSION_PREFIXES.includes(prefix)) {
    throw invalid('bad_prefix', `must start with one of ${SESSION_PREFIXES.join('__, ')}__`, id);
  }
  if (prefix === 'pt') return parseLegacy(id);
  if (id.length < SESSION_ID_MIN_LENGTH) {
    throw invalid('bad_length', `must be at least ${SESSION_ID_MIN_LENGTH} characters`, id);
  }
  const last = id.lastIndexOf('__');
  if (last <= first + 2) throw invalid('bad_subject', 'has no subject', id);
  const subject = id.slice(first + 2, last);
  const discriminator = id.slice(last + 2);
  if (!DIGEST_PATTERN.test(discriminator)) {
    throw invalid('bad_discriminator', 'must end with a 26-character discriminator', id);
  }
  const base = { sessionId: id, prefix, discriminator, legacy: false } as const;
  const expected = (hidden: string | null) => discriminatorOf({ prefix, subject, hidden });
  const verified = () => {
    if (discriminator !== expected(null)) {
      throw invalid('checksum_mismatch', 'does not match its discriminator', id);
    }
  };

  switch (prefix) {
    case 'emp':
    case 'pgnd':
    case 'twin':
    case 'admin':
    case 'shared': {
      if (!isId(subject)) throw invalid('bad_subject', 'must name a valid id', id);
      if (prefix === 'emp') {
        verified();
        return {
          ...base,
          kind: 'employee',
          employeeId: subject,
          accessPath: { kind: 'employee', employeeId: subject },
        };
      }
      if (prefix === 'admin') {
        verified();
        return {
          ...base,
          kind: 'admin',
          adminId: subject,
          accessPath: { kind: 'admin', adminId: subject },
        };
      }
      if (prefix === 'pgnd') return { ...base, kind: 'playground', employeeId: subject };
      if (prefix === 'twin') return { ...base, kind: 'twin', employeeId: subject };
      const team = discriminator === expected(null);
      return team
        ? {
            ...base,
            kind: 'shared',
            agentId: subject,
            team,
            accessPath: { kind: 'shared', agentId: subject },
          }
        : { ...base, kind: 'shared', agentId: subject, team };
    }
    default: {
      const channel = PREFIX_CHANNEL[prefix];
      if (VERBATIM_CHANNEL_USER.test(subject)) {
        verified();
        return {
          ...base,
          kind: 'unpaired',
          channel,
          channelUserId: subject,
          accessPath: { kind: 'unpaired', channel, channelUserId: subject },
        };
      }
      if (HASHED_CHANNEL_USER.test(subject)) {
        verified();
        return { ...base, kind: 'unpaired', channel, channelUserDigest: subject.slice(1) };
      }
      throw invalid('bad_subject', 'must carry a platform user id', id);
    }
  }
}
