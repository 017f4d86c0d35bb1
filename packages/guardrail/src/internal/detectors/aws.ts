/**
 * AWS credentials. Access key ids have a fixed shape (`AKIA`/`ASIA` + 16 upper-case base-32
 * characters). Secret access keys are 40 base-64 characters with no shape of their own, so a
 * candidate needs mixed case and a digit or symbol (which rules out hex digests such as git
 * SHAs) and credential context: a keyword shortly before it or an access key id in the same text.
 * AWS's documentation placeholders (`...EXAMPLE`, `...EXAMPLEKEY`) are not credentials.
 */
import type { EntityMatch } from './types.js';

// The left boundary is checked in code: a leading lookbehind would run at every position.
const ACCESS_KEY_ID = /(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;
const SECRET_CANDIDATE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
// Two patterns: an ASCII-only alternation runs much faster case-insensitively than a mixed one.
const SECRET_CONTEXT =
  /aws|secret|credential|access[ _-]?key|private[ _-]?key|geheim|clave|secreto/gi;
const SECRET_CONTEXT_OTHER = /密钥|秘钥|私钥|シークレット|secrète|SECRÈTE|Secrète/g;
/** How far after a context keyword a secret may start. */
const CONTEXT_WINDOW = 100;
const SECRET_LENGTH = 40;

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

const isPlaceholder = (value: string) => value.endsWith('EXAMPLE') || value.endsWith('EXAMPLEKEY');

export function findAwsCredentials(text: string, matches: EntityMatch[]): void {
  let hasAccessKeyId = false;
  ACCESS_KEY_ID.lastIndex = 0;
  for (let hit = ACCESS_KEY_ID.exec(text); hit !== null; hit = ACCESS_KEY_ID.exec(text)) {
    if (isAlphanumeric(text.charCodeAt(hit.index - 1))) {
      ACCESS_KEY_ID.lastIndex = hit.index + 1;
      continue;
    }
    if (isPlaceholder(hit[0])) continue;
    hasAccessKeyId = true;
    matches.push({ type: 'AWS_ACCESS_KEY', start: hit.index, end: hit.index + hit[0].length });
  }
  if (hasAccessKeyId) {
    findSecrets(text, 0, text.length, matches);
    return;
  }
  // Without an access key id, a secret needs a keyword shortly before it: scan only those windows,
  // each character at most once.
  const keywords: { index: number; length: number }[] = [];
  for (const pattern of [SECRET_CONTEXT, SECRET_CONTEXT_OTHER]) {
    pattern.lastIndex = 0;
    for (let hit = pattern.exec(text); hit !== null; hit = pattern.exec(text)) {
      keywords.push({ index: hit.index, length: hit[0].length });
    }
  }
  keywords.sort((a, b) => a.index - b.index);
  let scannedTo = 0;
  for (const keyword of keywords) {
    const from = Math.max(scannedTo, keyword.index);
    const to = Math.min(
      text.length,
      keyword.index + keyword.length + CONTEXT_WINDOW + SECRET_LENGTH,
    );
    if (to > from) findSecrets(text, from, to, matches);
    scannedTo = Math.max(scannedTo, to);
  }
}

/** Secrets starting in `[from, to)`; the regex runs on that window only (plus one character each side). */
function findSecrets(text: string, from: number, to: number, matches: EntityMatch[]): void {
  const windowStart = Math.max(0, from - 1);
  const window = text.slice(windowStart, Math.min(text.length, to + SECRET_LENGTH + 1));
  SECRET_CANDIDATE.lastIndex = from - windowStart;
  for (let hit = SECRET_CANDIDATE.exec(window); hit !== null; hit = SECRET_CANDIDATE.exec(window)) {
    const start = windowStart + hit.index;
    if (start >= to) return;
    const value = hit[0];
    if (isPlaceholder(value)) continue;
    if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9/+]/.test(value)) continue;
    matches.push({ type: 'AWS_SECRET_KEY', start, end: start + value.length });
  }
}
