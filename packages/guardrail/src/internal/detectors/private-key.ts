/**
 * PEM and PGP private key blocks. A block counts when its header names a private key and at least
 * 64 base-64 characters follow (a placeholder such as `-----BEGIN PRIVATE KEY-----\n...` does not);
 * the span runs to the matching END line, or to the end of the key material when the block was cut
 * off. Each stretch of text is read once: the scan for the next `-----` only moves forward.
 */
import type { EntityMatch } from './types.js';

const HEADER =
  /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/y;
const MIN_KEY_CHARACTERS = 64;

function countBase64(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = from; index < to; index += 1) {
    const code = text.charCodeAt(index);
    if (
      (code >= 48 && code <= 57) ||
      (code >= 65 && code <= 90) ||
      (code >= 97 && code <= 122) ||
      code === 43 ||
      code === 47
    ) {
      count += 1;
    }
  }
  return count;
}

export function findPrivateKeys(text: string, matches: EntityMatch[]): void {
  let begin = text.indexOf('-----BEGIN ');
  while (begin !== -1) {
    HEADER.lastIndex = begin;
    const header = HEADER.exec(text);
    if (header === null) {
      begin = text.indexOf('-----BEGIN ', begin + 1);
      continue;
    }
    const bodyStart = begin + header[0].length;
    const dashes = text.indexOf('-----', bodyStart);
    const bodyEnd = dashes === -1 ? text.length : dashes;
    if (countBase64(text, bodyStart, bodyEnd) < MIN_KEY_CHARACTERS) {
      begin = dashes === -1 ? -1 : text.indexOf('-----BEGIN ', bodyEnd);
      continue;
    }
    const footer = `-----END ${header[1]}-----`;
    let end = bodyEnd;
    if (text.startsWith(footer, bodyEnd)) {
      end = bodyEnd + footer.length;
    } else {
      while (end > bodyStart && /\s/.test(text[end - 1] as string)) end -= 1;
    }
    matches.push({ type: 'PRIVATE_KEY', start: begin, end });
    begin = text.indexOf('-----BEGIN ', end);
  }
}
