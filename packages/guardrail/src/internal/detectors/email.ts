/**
 * Email addresses, found from each `@` outwards with bounded scans (a local part is at most 64
 * characters, a domain at most 253), so a megabyte of letters without `@` costs one `indexOf`.
 * Validated like an address, not like a string: dot rules in the local part, hostname rules per
 * label, an alphabetic top-level domain that is not an image extension (`logo@2x.png`).
 */
import type { EntityMatch } from './types.js';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const FILE_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'ico',
  'bmp',
  'tif',
  'tiff',
  'avif',
]);

function isLocalChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 46 /* . */ ||
    code === 95 /* _ */ ||
    code === 37 /* % */ ||
    code === 43 /* + */ ||
    code === 45 /* - */ ||
    code === 39 /* ' */
  );
}

function isDomainChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 46 ||
    code === 45
  );
}

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL = /^(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59})$/;

function validDomain(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  const topLevel = labels[labels.length - 1] as string;
  if (!TOP_LEVEL.test(topLevel) || FILE_EXTENSIONS.has(topLevel.toLowerCase())) return false;
  return labels.every((label) => LABEL.test(label));
}

export function findEmails(text: string, matches: EntityMatch[]): void {
  let at = text.indexOf('@');
  while (at !== -1) {
    const match = emailAround(text, at);
    if (match !== undefined) matches.push(match);
    at = text.indexOf('@', match === undefined ? at + 1 : match.end);
  }
}

function emailAround(text: string, at: number): EntityMatch | undefined {
  let start = at;
  while (start > 0 && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start -= 1;
  // Longer than 64 characters, or glued to something before it: not an address.
  if (start > 0 && isLocalChar(text.charCodeAt(start - 1))) return undefined;
  while (start < at && (text[start] === '.' || text[start] === "'" || text[start] === '-'))
    start += 1;
  const local = text.slice(start, at);
  if (local.length === 0 || local.endsWith('.') || local.includes('..')) return undefined;

  let end = at + 1;
  while (end < text.length && end - at <= MAX_DOMAIN && isDomainChar(text.charCodeAt(end)))
    end += 1;
  if (end - at > MAX_DOMAIN) return undefined;
  // A sentence may end right after the address: trailing dots and hyphens are not part of it.
  while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end -= 1;
  const domain = text.slice(at + 1, end);
  if (domain.length === 0 || domain.length > MAX_DOMAIN || text[end] === '@') return undefined;
  // `git@github.com:org/repo.git` is an SSH remote (user@host:path), not a mailbox.
  if (text[end] === ':' && end + 1 < text.length && !/\s/.test(text[end + 1] as string))
    return undefined;
  if (!validDomain(domain)) return undefined;
  return { type: 'EMAIL', start, end };
}
