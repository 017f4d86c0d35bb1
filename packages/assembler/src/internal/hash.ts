import { createHash } from 'node:crypto';

/** SHA-256 of text (UTF-8) or bytes, as lowercase hex. */
export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}
