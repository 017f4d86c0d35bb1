import { createHash } from 'node:crypto';

/** Crockford's base32 alphabet, lowercased: no i, l, o or u, so ids read back unambiguously. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Base32 (Crockford, lowercase) of `bytes`, most significant bit first, without padding. */
export function base32(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      output += ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) output += ALPHABET[(buffer << (5 - bits)) & 31];
  return output;
}

/** Characters of a digest in a session id: 26 base32 characters = 130 bits of SHA-256. */
export const DIGEST_LENGTH = 26;
export const DIGEST_PATTERN = /^[0-9a-hjkmnp-tv-z]{26}$/;

/**
 * A 26-character digest of a tuple of strings (and nulls). The tuple is JSON-encoded first, so
 * distinct tuples never share an encoding (`["a","bc"]` vs `["ab","c"]`).
 */
export function tupleDigest(parts: readonly (string | null)[]): string {
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest();
  return base32(hash).slice(0, DIGEST_LENGTH);
}

/** SHA-256 of a string as lowercase hex (how twin tokens are stored). */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
