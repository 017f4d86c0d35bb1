/**
 * International bank account numbers: a country code, two check digits and the country's fixed
 * number of characters, printed compact or in groups of four. Validated by length per country and
 * the ISO 13616 mod-97 check, so a wrong digit anywhere is rejected.
 */
import { ibanLength, ibanValid } from '../validators.js';
import type { EntityMatch } from './types.js';

// Bounded and unambiguous: every repetition consumes one alphanumeric, spaces are optional singles.
// The left boundary is checked in code: a leading lookbehind would run at every position.
const IBAN_CANDIDATE = /[A-Z]{2}\d{2}(?: ?[A-Z0-9]){8,31}/g;

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function findIbans(text: string, matches: EntityMatch[]): void {
  IBAN_CANDIDATE.lastIndex = 0;
  for (;;) {
    const candidate = IBAN_CANDIDATE.exec(text);
    if (candidate === null) return;
    const start = candidate.index;
    const expected = ibanLength(text.slice(start, start + 2));
    if (expected === undefined || isAlphanumeric(text.charCodeAt(start - 1))) {
      IBAN_CANDIDATE.lastIndex = start + 1;
      continue;
    }
    // Take exactly the country's length of characters, skipping single spaces between groups.
    let compact = '';
    let position = start;
    while (position < text.length && compact.length < expected) {
      const code = text.charCodeAt(position);
      if (code === 32 && compact.length >= 4 && isAlphanumeric(text.charCodeAt(position + 1))) {
        position += 1;
        continue;
      }
      if (!isAlphanumeric(code)) break;
      compact += text[position];
      position += 1;
    }
    if (compact.length !== expected || isAlphanumeric(text.charCodeAt(position))) {
      IBAN_CANDIDATE.lastIndex = start + 1;
      continue;
    }
    if (ibanValid(compact.toUpperCase())) {
      matches.push({ type: 'INTERNATIONAL_BANK_ACCOUNT_NUMBER', start, end: position });
      IBAN_CANDIDATE.lastIndex = position;
    } else {
      IBAN_CANDIDATE.lastIndex = start + 1;
    }
  }
}
