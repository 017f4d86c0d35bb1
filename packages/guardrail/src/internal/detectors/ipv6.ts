/**
 * IPv6 addresses, found from each `:` by reading the run of hex digits, colons and dots around it,
 * then parsed (eight groups, or fewer around one `::`, optionally an IPv4 tail and a zone).
 * Compressed forms need some substance (three groups, or a group of three or more hex digits), so `a::b`,
 * `std::map` and times like `10:30:00` are not addresses.
 */
import type { EntityMatch } from './types.js';

const MAX_TOKEN = 64;

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

function isTokenChar(code: number): boolean {
  return isHex(code) || code === 58 /* : */ || code === 46 /* . */;
}

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95
  );
}

const GROUP = /^[0-9A-Fa-f]{1,4}$/;
const IPV4_TAIL =
  /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function parseIpv6(token: string): boolean {
  const parts = token.split('::');
  if (parts.length > 2) return false;
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groupsOf(parts[0] as string);
  const tail = parts.length === 2 ? groupsOf(parts[1] as string) : [];
  const all = [...head, ...tail];
  let slots = all.length;
  const last = all[all.length - 1];
  if (last?.includes('.')) {
    if (!IPV4_TAIL.test(last)) return false;
    all.pop();
    slots += 1;
  }
  if (!all.every((group) => GROUP.test(group))) return false;
  if (parts.length === 1) return slots === 8;
  if (slots > 7) return false;
  return all.length >= 3 || all.some((group) => group.length >= 3);
}

export function findIpv6(text: string, matches: EntityMatch[]): void {
  let colon = text.indexOf(':');
  let scannedTo = 0;
  while (colon !== -1) {
    // The whole run of hex digits, colons and dots around this colon. Runs are disjoint, so every
    // character is visited at most twice; a run too long to be an address is skipped whole.
    let start = colon;
    while (start > 0 && isTokenChar(text.charCodeAt(start - 1))) start -= 1;
    let end = colon + 1;
    while (end < text.length && isTokenChar(text.charCodeAt(end))) end += 1;
    scannedTo = end;
    if (end - start > MAX_TOKEN) {
      colon = text.indexOf(':', scannedTo);
      continue;
    }
    while (end > start && text[end - 1] === '.') end -= 1;
    // "fe80::1: down" — a single trailing colon is punctuation, "::" is part of the address.
    if (text[end - 1] === ':' && text[end - 2] !== ':') end -= 1;
    let zoneEnd = end;
    if (text[end] === '%') {
      zoneEnd = end + 1;
      while (zoneEnd < text.length && zoneEnd - end <= 16 && isWordChar(text.charCodeAt(zoneEnd)))
        zoneEnd += 1;
    }
    // "IP:fdb1::1" — a single colon in front is punctuation, not part of the address.
    let labelled = false;
    if (text[start] === ':' && text[start + 1] !== ':') {
      start += 1;
      labelled = true;
    }
    const glued =
      (!labelled &&
        start > 0 &&
        (isWordChar(text.charCodeAt(start - 1)) || isTokenChar(text.charCodeAt(start - 1)))) ||
      (zoneEnd < text.length && isWordChar(text.charCodeAt(zoneEnd)));
    if (!glued && parseIpv6(text.slice(start, end))) {
      matches.push({ type: 'IP_ADDRESS', start, end: zoneEnd });
    }
    colon = text.indexOf(':', scannedTo);
  }
}
