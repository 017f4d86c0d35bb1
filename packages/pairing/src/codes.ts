import { createHash, randomInt } from 'node:crypto';
import { ClawforceError } from '@clawforce/core';

/**
 * Pairing codes: Crockford base32 (no I, L, O or U, so nothing reads as another character),
 * 8 characters by default = 40 bits, shown as `ABCD-EFGH`. Only the SHA-256 of a code is stored.
 */
export const PAIRING_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const DEFAULT_PAIRING_CODE_LENGTH = 8;
export const MIN_PAIRING_CODE_LENGTH = 8;
export const MAX_PAIRING_CODE_LENGTH = 16;
/** Longer input is not even looked at. */
const MAX_INPUT_LENGTH = 64;

/** Why typed text is not a pairing code. */
export type CodeProblem = 'empty' | 'length' | 'characters' | 'lookalike';

export type NormalizedCode =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly problem: CodeProblem };

export function assertCodeLength(length: number): number {
  if (
    !Number.isInteger(length) ||
    length < MIN_PAIRING_CODE_LENGTH ||
    length > MAX_PAIRING_CODE_LENGTH
  ) {
    throw new ClawforceError(
      'validation_failed',
      `codeLength must be an integer from ${MIN_PAIRING_CODE_LENGTH} to ${MAX_PAIRING_CODE_LENGTH}`,
      [{ path: 'codeLength', code: 'too_small', message: 'out of range' }],
    );
  }
  return length;
}

/** A fresh random code (uniform over the alphabet, from the OS CSPRNG). */
export function generatePairingCode(length = DEFAULT_PAIRING_CODE_LENGTH): string {
  assertCodeLength(length);
  let code = '';
  for (let index = 0; index < length; index += 1) {
    code += PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)];
  }
  return code;
}

/** `ABCDEFGH` -> `ABCD-EFGH`: groups of four for reading aloud and typing. */
export function formatPairingCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

const CROCKFORD_ALIASES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

/**
 * Turns what a person typed into a canonical code, or says why it cannot be one. Spaces and dashes
 * are ignored, case does not matter, and Crockford's O/I/L are read as 0/1/1. Full-width forms (as
 * typed with a CJK input method) count as their ASCII letters; any other non-ASCII character — a
 * Cyrillic or Greek look-alike, say — is refused as `lookalike` rather than guessed at.
 */
export function normalizePairingCode(
  input: string,
  length = DEFAULT_PAIRING_CODE_LENGTH,
): NormalizedCode {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) {
    return { ok: false, problem: 'length' };
  }
  const compact = input.normalize('NFKC').replace(/[\s\p{Pd}]/gu, '');
  if (compact.length === 0) return { ok: false, problem: 'empty' };
  if (!/^[\u0021-\u007e]+$/.test(compact)) return { ok: false, problem: 'lookalike' };
  let code = '';
  for (const character of compact.toUpperCase()) {
    const canonical = CROCKFORD_ALIASES[character] ?? character;
    if (!PAIRING_CODE_ALPHABET.includes(canonical)) return { ok: false, problem: 'characters' };
    code += canonical;
  }
  if (code.length !== length) return { ok: false, problem: 'length' };
  return { ok: true, code };
}

/** The digest a code is stored under: SHA-256 of the canonical code, lowercase hex. */
export function hashPairingCode(code: string): string {
  return createHash('sha256').update(`pairing-code-v1:${code}`).digest('hex');
}
