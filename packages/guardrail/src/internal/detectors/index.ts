import type { PiiEntityType } from '../../types.js';
import { findAwsCredentials } from './aws.js';
import { findEmails } from './email.js';
import { findIbans } from './iban.js';
import { findIpv6 } from './ipv6.js';
import { findNumberEntities } from './numbers.js';
import { findPrivateKeys } from './private-key.js';
import type { EntityMatch } from './types.js';

export type { EntityMatch } from './types.js';

/** The entity types the local engine detects. */
export const LOCAL_ENTITY_TYPES = [
  'EMAIL',
  'PHONE',
  'CREDIT_DEBIT_CARD_NUMBER',
  'INTERNATIONAL_BANK_ACCOUNT_NUMBER',
  'US_SOCIAL_SECURITY_NUMBER',
  'AWS_ACCESS_KEY',
  'AWS_SECRET_KEY',
  'IP_ADDRESS',
  'PRIVATE_KEY',
  'CN_RESIDENT_IDENTITY_NUMBER',
] as const satisfies readonly PiiEntityType[];
export type LocalEntityType = (typeof LOCAL_ENTITY_TYPES)[number];

/** Earlier wins when two findings overlap: a key block swallows everything inside it. */
const PRIORITY: Readonly<Record<LocalEntityType, number>> = {
  PRIVATE_KEY: 0,
  AWS_SECRET_KEY: 1,
  AWS_ACCESS_KEY: 2,
  EMAIL: 3,
  INTERNATIONAL_BANK_ACCOUNT_NUMBER: 4,
  CN_RESIDENT_IDENTITY_NUMBER: 5,
  CREDIT_DEBIT_CARD_NUMBER: 6,
  US_SOCIAL_SECURITY_NUMBER: 7,
  PHONE: 8,
  IP_ADDRESS: 9,
};

/**
 * Every entity of the wanted types in `text` (normalized), in text order, without overlaps. Each
 * detector is linear in the length of the text: bounded scans around anchors (`@`, `:`, digits,
 * `-----BEGIN`) or regular expressions whose quantifiers are all bounded and unambiguous.
 */
export function detectEntities(text: string, wanted: ReadonlySet<LocalEntityType>): EntityMatch[] {
  const found: EntityMatch[] = [];
  if (wanted.has('PRIVATE_KEY')) findPrivateKeys(text, found);
  if (wanted.has('AWS_ACCESS_KEY') || wanted.has('AWS_SECRET_KEY')) findAwsCredentials(text, found);
  if (wanted.has('EMAIL')) findEmails(text, found);
  if (wanted.has('INTERNATIONAL_BANK_ACCOUNT_NUMBER')) findIbans(text, found);
  if (wanted.has('IP_ADDRESS')) findIpv6(text, found);
  findNumberEntities(text, found);
  const kept = found.filter((match) => wanted.has(match.type as LocalEntityType));
  kept.sort((a, b) => a.start - b.start || b.end - a.end);
  // One sweep in text order. Accepted spans never overlap and are sorted, so only the last one or
  // two can overlap the next candidate: the candidate replaces them when it has a higher priority.
  const accepted: EntityMatch[] = [];
  for (const match of kept) {
    let overlapping = 0;
    let wins = true;
    for (let index = accepted.length - 1; index >= 0; index -= 1) {
      const other = accepted[index] as EntityMatch;
      if (other.end <= match.start) break;
      overlapping += 1;
      if (priorityOf(other) <= priorityOf(match)) wins = false;
    }
    if (!wins) continue;
    accepted.length -= overlapping;
    accepted.push(match);
  }
  return accepted;
}

const priorityOf = (match: EntityMatch) => PRIORITY[match.type as LocalEntityType];
