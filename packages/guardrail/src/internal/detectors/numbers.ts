/**
 * Number-shaped entities: payment cards, US SSNs, PRC resident ids, phone numbers and IPv4
 * addresses. One linear scan cuts the text into runs of digit groups joined by short separators
 * (`+1 (415) 555-0132`, `4111 1111 1111 1111`, `10.0.0.1`); each run is then read group by group
 * against the known layouts and validated (Luhn, issuer ranges, SSA rules, GB 11643 checksum,
 * calling codes, numbering plans). An entity must start and end on a run boundary or next to a
 * separator that contains whitespace, so `2024-555-123-4567` is one identifier, not a phone number.
 */
import {
  callingCodeOf,
  cardNetworkOf,
  cnLandlineValid,
  cnMobileValid,
  cnResidentIdValid,
  luhnValid,
  nanpValid,
  ssnValid,
} from '../validators.js';
import type { EntityMatch } from './types.js';

interface DigitGroup {
  readonly start: number;
  /** End of the group, including a trailing check character `X`. */
  readonly end: number;
  readonly digits: string;
  /** The characters between the previous group and this one ('' for the first group). */
  readonly separator: string;
  readonly checkX: boolean;
}

interface NumberRun {
  readonly groups: readonly DigitGroup[];
  /** Start of the run including a leading `+`, `(` or `+(`. */
  readonly prefixStart: number;
  readonly plus: boolean;
  readonly openParen: boolean;
  /** The characters around the run do not glue it to a word or an identifier. */
  readonly leftClean: boolean;
  readonly rightClean: boolean;
  /** The character right before the run (-1 at the start of the text). */
  readonly before: number;
}

const MAX_SEPARATOR_LENGTH = 3;
const CONTEXT_WINDOW = 40;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAsciiWord(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95
  );
}

/** Space, `-`, `.`, `/`, `(`, `)` and the en dash. */
function isSeparator(code: number): boolean {
  return (
    code === 32 ||
    code === 45 ||
    code === 46 ||
    code === 47 ||
    code === 40 ||
    code === 41 ||
    code === 0x2013
  );
}

/** Characters that, right before a number, make it part of an identifier, a path or an amount. */
function gluesLeft(code: number): boolean {
  return (
    isAsciiWord(code) ||
    code === 64 /* @ */ ||
    code === 47 /* / */ ||
    code === 92 /* \ */ ||
    code === 35 /* # */ ||
    code === 36 /* $ */ ||
    code === 46 /* . */ ||
    code === 45 /* - */
  );
}

function gluesRight(code: number): boolean {
  return isAsciiWord(code) || code === 64 /* @ */;
}

function scanRun(text: string, first: number): NumberRun & { readonly end: number } {
  let prefixStart = first;
  let plus = false;
  let openParen = false;
  if (text.charCodeAt(first - 1) === 40) {
    openParen = true;
    prefixStart = first - 1;
    if (text.charCodeAt(first - 2) === 43) {
      plus = true;
      prefixStart = first - 2;
    }
  } else if (text.charCodeAt(first - 1) === 43) {
    plus = true;
    prefixStart = first - 1;
  }
  const length = text.length;
  const groups: DigitGroup[] = [];
  let position = first;
  let separator = '';
  for (;;) {
    const groupStart = position;
    while (position < length && isDigit(text.charCodeAt(position))) position += 1;
    const digitsEnd = position;
    let checkX = false;
    const next = text.charCodeAt(position);
    if ((next === 88 || next === 120) && !isAsciiWord(text.charCodeAt(position + 1))) {
      checkX = true;
      position += 1;
    }
    groups.push({
      start: groupStart,
      end: position,
      digits: text.slice(groupStart, digitsEnd),
      separator,
      checkX,
    });
    if (checkX) break;
    const separatorStart = position;
    while (
      position < length &&
      position - separatorStart < MAX_SEPARATOR_LENGTH &&
      isSeparator(text.charCodeAt(position))
    ) {
      position += 1;
    }
    if (position > separatorStart && position < length && isDigit(text.charCodeAt(position))) {
      separator = text.slice(separatorStart, position);
      continue;
    }
    position = separatorStart;
    break;
  }
  const before = prefixStart > 0 ? text.charCodeAt(prefixStart - 1) : -1;
  const after = position < length ? text.charCodeAt(position) : -1;
  return {
    groups,
    prefixStart,
    plus,
    openParen,
    leftClean: !gluesLeft(before),
    rightClean: !gluesRight(after),
    before,
    end: position,
  };
}

const hasWhitespace = (separator: string) => separator.includes(' ');

/** Keyword context in the few dozen characters before an entity. */
function contextBefore(text: string, start: number): string {
  return text.slice(Math.max(0, start - CONTEXT_WINDOW), start).toLowerCase();
}

const PHONE_CONTEXT =
  /(?:^|[^a-z])(?:phone|tel|telephone|mobile|cell|call|fax|whatsapp|contact|dial|text me|sms|telefon|telefono|teléfono|téléphone|tél|handy|móvil|movil|celular|numéro|nummer|número|rufnummer)(?![a-z])|电话|手机|联系|致电|電話|携帯|連絡|전화|휴대폰/;
const SSN_CONTEXT =
  /(?:^|[^a-z])(?:ssn|social security|soc\.? ?sec)(?![a-z])|社会安全|社會安全|社安号/;
/** Before a dotted quad, these make it a version or a section number, not an address. */
const VERSION_CONTEXT =
  /(?:^|[^a-z])(?:version|ver\.?|release|build|firmware|v|section|sect\.?|chapter|clause|article|figure|fig\.?|table|step|item|rule|§)\s*[:：]?\s*$|(?:版本|章节|条款|第)\s*[:：]?\s*$|バージョン\s*[:：]?\s*$/;

class RunReader {
  private phoneContext: boolean | undefined;
  private ssnContext: boolean | undefined;

  constructor(
    private readonly text: string,
    private readonly run: NumberRun,
  ) {}

  get groups(): readonly DigitGroup[] {
    return this.run.groups;
  }

  canStart(index: number): boolean {
    if (index === 0) return this.run.leftClean;
    return hasWhitespace((this.run.groups[index] as DigitGroup).separator);
  }

  canEnd(endIndex: number): boolean {
    if (endIndex >= this.run.groups.length) return this.run.rightClean;
    return hasWhitespace((this.run.groups[endIndex] as DigitGroup).separator);
  }

  group(index: number): DigitGroup | undefined {
    return this.run.groups[index];
  }

  /** True when the groups from `from` on have exactly these digit counts (no allocation). */
  hasLayout(from: number, layout: readonly number[]): boolean {
    if (from + layout.length > this.run.groups.length) return false;
    for (let offset = 0; offset < layout.length; offset += 1) {
      const group = this.run.groups[from + offset] as DigitGroup;
      if (group.digits.length !== layout[offset] || group.checkX) return false;
    }
    return true;
  }

  /** The groups `from..to` (exclusive), when they exist and none carries a check `X`. */
  slice(from: number, to: number): DigitGroup[] | undefined {
    if (to > this.run.groups.length) return undefined;
    const groups = this.run.groups.slice(from, to);
    return groups.some((group) => group.checkX) ? undefined : groups;
  }

  /** `user@10.0.0.1`, `http://10.0.0.1`, `[10.0.0.1]`: an address may follow these. */
  canStartAddress(index: number): boolean {
    if (index > 0 || this.run.leftClean) return this.canStart(index);
    const before = this.run.before;
    return before === 64 /* @ */ || before === 47 /* / */ || before === 91 /* [ */;
  }

  /** All separators the same single character (`4770 0758 7656 1412`, `2024-555-123-4567`). */
  get uniform(): boolean {
    const groups = this.run.groups;
    if (groups.length < 3) return false;
    const separator = (groups[1] as DigitGroup).separator;
    return (
      separator.length === 1 &&
      groups.every((group, index) => index === 0 || group.separator === separator)
    );
  }

  startOf(index: number): number {
    return index === 0 ? this.run.prefixStart : (this.run.groups[index] as DigitGroup).start;
  }

  startsWithPlus(index: number): boolean {
    return index === 0 && this.run.plus;
  }

  startsWithParen(index: number): boolean {
    if (index === 0) return this.run.openParen;
    return (this.run.groups[index] as DigitGroup).separator.endsWith('(');
  }

  hasPhoneContext(index: number): boolean {
    this.phoneContext ??= PHONE_CONTEXT.test(contextBefore(this.text, this.startOf(index)));
    return this.phoneContext;
  }

  hasSsnContext(index: number): boolean {
    this.ssnContext ??= SSN_CONTEXT.test(contextBefore(this.text, this.startOf(index)));
    return this.ssnContext;
  }

  hasVersionContext(index: number): boolean {
    return VERSION_CONTEXT.test(contextBefore(this.text, this.startOf(index)));
  }
}

interface Found {
  readonly type: EntityMatch['type'];
  readonly start: number;
  readonly end: number;
  /** Index of the first group after the entity. */
  readonly next: number;
}

const joinDigits = (groups: readonly DigitGroup[]) => groups.map((group) => group.digits).join('');
const lengthsOf = (groups: readonly DigitGroup[]) => groups.map((group) => group.digits.length);
const sameSeparators = (groups: readonly DigitGroup[], allowed: readonly string[]) => {
  const first = groups[1]?.separator;
  return (
    first !== undefined &&
    allowed.includes(first) &&
    groups.slice(2).every((group) => group.separator === first)
  );
};

function found(
  reader: RunReader,
  type: EntityMatch['type'],
  from: number,
  to: number,
  start = (reader.group(from) as DigitGroup).start,
): Found {
  return { type, start, end: (reader.group(to - 1) as DigitGroup).end, next: to };
}

function readCnResidentId(reader: RunReader, index: number): Found | undefined {
  const group = reader.group(index) as DigitGroup;
  const length = group.digits.length;
  if (length !== 17 && length !== 18 && length !== 6) return undefined;
  if (
    ((group.digits.length === 17 && group.checkX) ||
      (group.digits.length === 18 && !group.checkX)) &&
    reader.canEnd(index + 1) &&
    cnResidentIdValid(group.checkX ? `${group.digits}X` : group.digits)
  ) {
    return found(reader, 'CN_RESIDENT_IDENTITY_NUMBER', index, index + 1);
  }
  const groups = reader.groups.slice(index, index + 3);
  if (groups.length !== 3) return undefined;
  const last = groups[2] as DigitGroup;
  const lastLength = last.digits.length + (last.checkX ? 1 : 0);
  if (
    groups[0]?.digits.length === 6 &&
    groups[1]?.digits.length === 8 &&
    !groups[1].checkX &&
    !groups[0].checkX &&
    lastLength === 4 &&
    sameSeparators(groups, [' ', '-']) &&
    reader.canEnd(index + 3) &&
    cnResidentIdValid(joinDigits(groups) + (last.checkX ? 'X' : ''))
  ) {
    return found(reader, 'CN_RESIDENT_IDENTITY_NUMBER', index, index + 3);
  }
  return undefined;
}

/** Card layouts as printed: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4 and the shorter Visa/Maestro. */
const CARD_LAYOUTS: readonly (readonly number[])[] = [
  [4, 4, 4, 4, 3],
  [4, 4, 4, 4, 2],
  [4, 4, 4, 4, 1],
  [4, 4, 4, 4],
  [4, 6, 5],
  [4, 6, 4],
  [4, 4, 4, 3],
  [4, 4, 4, 2],
  [4, 4, 4, 1],
];

function isCard(digits: string): boolean {
  return (
    digits.length >= 12 &&
    digits.length <= 19 &&
    luhnValid(digits) &&
    cardNetworkOf(digits) !== undefined
  );
}

function readCard(reader: RunReader, index: number): Found | undefined {
  const group = reader.group(index) as DigitGroup;
  if (
    !group.checkX &&
    group.digits.length >= 13 &&
    reader.canEnd(index + 1) &&
    isCard(group.digits)
  ) {
    return found(reader, 'CREDIT_DEBIT_CARD_NUMBER', index, index + 1);
  }
  if (group.digits.length !== 4) return undefined;
  for (const layout of CARD_LAYOUTS) {
    if (!reader.hasLayout(index, layout)) continue;
    const groups = reader.slice(index, index + layout.length) as DigitGroup[];
    if (!sameSeparators(groups, [' ', '-'])) continue;
    if (!reader.canEnd(index + layout.length)) continue;
    if (isCard(joinDigits(groups))) {
      return found(reader, 'CREDIT_DEBIT_CARD_NUMBER', index, index + layout.length);
    }
  }
  return undefined;
}

const SSN_LAYOUT = [3, 2, 4];
const NANP_LAYOUT = [3, 3, 4];
const CN_MOBILE_LAYOUT = [3, 4, 4];
const FRENCH_LAYOUT = [2, 2, 2, 2, 2];

function readSsn(reader: RunReader, index: number): Found | undefined {
  const length = (reader.group(index) as DigitGroup).digits.length;
  if (length !== 3 && length !== 9) return undefined;
  const groups = reader.hasLayout(index, SSN_LAYOUT) ? reader.slice(index, index + 3) : undefined;
  if (
    groups !== undefined &&
    (sameSeparators(groups, ['-']) ||
      (sameSeparators(groups, [' ']) && reader.hasSsnContext(index))) &&
    reader.canEnd(index + 3) &&
    ssnValid(joinDigits(groups))
  ) {
    return found(reader, 'US_SOCIAL_SECURITY_NUMBER', index, index + 3);
  }
  const group = reader.group(index) as DigitGroup;
  if (
    !group.checkX &&
    group.digits.length === 9 &&
    reader.canEnd(index + 1) &&
    reader.hasSsnContext(index) &&
    ssnValid(group.digits)
  ) {
    return found(reader, 'US_SOCIAL_SECURITY_NUMBER', index, index + 1);
  }
  return undefined;
}

function readIpv4(reader: RunReader, index: number): Found | undefined {
  if ((reader.group(index) as DigitGroup).digits.length > 3) return undefined;
  const groups = reader.slice(index, index + 4);
  if (groups === undefined) return undefined;
  const octetsValid = groups.every(
    (group, position) =>
      (position === 0 || group.separator === '.') &&
      group.digits.length <= 3 &&
      Number(group.digits) <= 255 &&
      (group.digits.length === 1 || group.digits[0] !== '0'),
  );
  if (!octetsValid || reader.hasVersionContext(index)) return undefined;
  if (reader.canEnd(index + 4)) return found(reader, 'IP_ADDRESS', index, index + 4);
  // CIDR notation: 10.0.0.0/8
  const prefix = reader.group(index + 4);
  if (
    prefix !== undefined &&
    prefix.separator === '/' &&
    !prefix.checkX &&
    prefix.digits.length <= 2 &&
    Number(prefix.digits) <= 32 &&
    reader.canEnd(index + 5)
  ) {
    return found(reader, 'IP_ADDRESS', index, index + 5);
  }
  return undefined;
}

const PHONE_SEPARATORS = new Set([
  ' ',
  '-',
  '.',
  '(',
  ')',
  ' (',
  ') ',
  '-(',
  ')-',
  ' - ',
  '–',
  ' – ',
]);
const MAX_PHONE_GROUPS = 8;

function internationalValid(digits: string): boolean {
  if (digits.length < 8 || digits.length > 15) return false;
  const code = callingCodeOf(digits);
  if (code === undefined) return false;
  const national = digits.slice(code.length);
  if (code === '1') return national.length === 10 && nanpValid(national);
  if (code === '86') {
    if (national.startsWith('1')) return cnMobileValid(national);
    return national.length >= 9 && national.length <= 11 && national[0] !== '0';
  }
  if (code === '7') return national.length === 10;
  return national.length >= 6 && national.length <= 12;
}

/** `+44 20 7946 0958`, `+86 138 0013 8000`, `0049 30 901820`, `+44 (0)20 7946 0958`. */
function readInternationalPhone(reader: RunReader, index: number): Found | undefined {
  const first = reader.group(index) as DigitGroup;
  const plus = reader.startsWithPlus(index);
  const doubleZero = !plus && first.digits.startsWith('00') && first.digits[2] !== '0';
  if (!plus && !doubleZero) return undefined;
  const start = reader.startOf(index);
  let digits = '';
  const candidates: { end: number; digits: string }[] = [];
  for (let position = index; position < index + MAX_PHONE_GROUPS; position += 1) {
    const group = reader.group(position);
    if (group === undefined || group.checkX) break;
    if (position > index && !PHONE_SEPARATORS.has(group.separator)) break;
    const trunkZero =
      position > index &&
      group.digits === '0' &&
      group.separator.endsWith('(') &&
      reader.group(position + 1)?.separator.startsWith(')');
    if (!trunkZero)
      digits += position === index && doubleZero ? group.digits.slice(2) : group.digits;
    if (digits.length > 15) break;
    candidates.push({ end: position + 1, digits });
  }
  for (const candidate of candidates.reverse()) {
    if (reader.canEnd(candidate.end) && internationalValid(candidate.digits)) {
      return found(reader, 'PHONE', index, candidate.end, start);
    }
  }
  return undefined;
}

function readNanpPhone(reader: RunReader, index: number): Found | undefined {
  const firstLength = (reader.group(index) as DigitGroup).digits.length;
  if (firstLength !== 1 && firstLength !== 3 && firstLength !== 10 && firstLength !== 11)
    return undefined;
  const leadingOne = reader.group(index)?.digits === '1' && !reader.startsWithParen(index);
  const from = leadingOne ? index + 1 : index;
  const groups = reader.hasLayout(from, NANP_LAYOUT) ? reader.slice(from, from + 3) : undefined;
  if (groups !== undefined && reader.canEnd(from + 3)) {
    const [, exchange, line] = groups as [DigitGroup, DigitGroup, DigitGroup];
    if (leadingOne && !['-', ' ', '.', ' ('].includes((groups[0] as DigitGroup).separator)) {
      return undefined;
    }
    const parenthesized = leadingOne
      ? (groups[0] as DigitGroup).separator === ' ('
      : reader.startsWithParen(from);
    const first = exchange.separator;
    const second = line.separator;
    const layoutOk = parenthesized
      ? (first === ') ' || first === ')') && ['-', ' ', '.'].includes(second)
      : (first === second && ['-', '.', ' '].includes(first)) || (first === ' ' && second === '-');
    if (layoutOk && nanpValid(joinDigits(groups))) {
      const start = parenthesized && !leadingOne ? reader.startOf(from) : reader.startOf(index);
      return found(reader, 'PHONE', index, from + 3, start);
    }
  }
  const group = reader.group(index) as DigitGroup;
  if (group.checkX || !reader.canEnd(index + 1) || !reader.hasPhoneContext(index)) return undefined;
  if (group.digits.length === 10 && nanpValid(group.digits)) {
    return found(reader, 'PHONE', index, index + 1);
  }
  if (group.digits.length === 11 && group.digits[0] === '1' && nanpValid(group.digits.slice(1))) {
    return found(reader, 'PHONE', index, index + 1);
  }
  return undefined;
}

function readChinesePhone(reader: RunReader, index: number): Found | undefined {
  const group = reader.group(index) as DigitGroup;
  if (
    !group.checkX &&
    group.digits.length === 11 &&
    reader.canEnd(index + 1) &&
    cnMobileValid(group.digits)
  ) {
    return found(reader, 'PHONE', index, index + 1);
  }
  const mobile = reader.hasLayout(index, CN_MOBILE_LAYOUT)
    ? reader.slice(index, index + 3)
    : undefined;
  if (
    mobile !== undefined &&
    sameSeparators(mobile, [' ', '-']) &&
    reader.canEnd(index + 3) &&
    cnMobileValid(joinDigits(mobile))
  ) {
    return found(reader, 'PHONE', index, index + 3);
  }
  // Landlines: 010-12345678, (021) 6888 8888, 0755-1234567
  const parenthesized = reader.startsWithParen(index);
  const area = group.digits;
  if (!area.startsWith('0') || area.length < 3 || area.length > 4) return undefined;
  const areaSeparators = parenthesized ? [')', ') '] : ['-', ' '];
  const start = parenthesized ? reader.startOf(index) : group.start;
  const local = reader.slice(index + 1, index + 2);
  if (
    local !== undefined &&
    areaSeparators.includes((local[0] as DigitGroup).separator) &&
    reader.canEnd(index + 2) &&
    cnLandlineValid(area, (local[0] as DigitGroup).digits)
  ) {
    return found(reader, 'PHONE', index, index + 2, start);
  }
  const split = reader.slice(index + 1, index + 3);
  if (
    split !== undefined &&
    areaSeparators.includes((split[0] as DigitGroup).separator) &&
    [' ', '-'].includes((split[1] as DigitGroup).separator) &&
    (split[1] as DigitGroup).digits.length === 4 &&
    reader.canEnd(index + 3) &&
    cnLandlineValid(area, joinDigits(split))
  ) {
    return found(reader, 'PHONE', index, index + 3, start);
  }
  return undefined;
}

/** National formats with a trunk `0`: French 2-2-2-2-2, Japanese 0X-XXXX-XXXX, or any with context. */
function readNationalPhone(reader: RunReader, index: number): Found | undefined {
  const first = reader.group(index) as DigitGroup;
  if (first.digits.charCodeAt(0) !== 48 || first.digits.length < 2 || first.digits[1] === '0')
    return undefined;
  const french = reader.hasLayout(index, FRENCH_LAYOUT)
    ? reader.slice(index, index + 5)
    : undefined;
  if (french !== undefined && sameSeparators(french, [' ', '.', '-']) && reader.canEnd(index + 5)) {
    return found(reader, 'PHONE', index, index + 5);
  }
  const japanese = reader.slice(index, index + 3);
  if (japanese !== undefined && sameSeparators(japanese, ['-']) && reader.canEnd(index + 3)) {
    const layout = lengthsOf(japanese).join();
    const digits = joinDigits(japanese);
    const landline = ['2,4,4', '3,3,4', '4,2,4', '5,1,4'].includes(layout) && digits.length === 10;
    const mobile = layout === '3,4,4' && /^0[5789]0/.test(digits);
    if (landline || mobile) return found(reader, 'PHONE', index, index + 3);
  }
  if (!reader.hasPhoneContext(index)) return undefined;
  let digits = '';
  let best: Found | undefined;
  for (let position = index; position < index + 5; position += 1) {
    const group = reader.group(position);
    if (group === undefined || group.checkX || group.digits.length < 2) break;
    if (position > index && ![' ', '-', '/', '.', ' / '].includes(group.separator)) break;
    digits += group.digits;
    if (digits.length > 11) break;
    if (digits.length >= 9 && reader.canEnd(position + 1)) {
      best = found(reader, 'PHONE', index, position + 1);
    }
  }
  return best;
}

const READERS = [
  readCnResidentId,
  readCard,
  readSsn,
  readInternationalPhone,
  readNanpPhone,
  readChinesePhone,
  readNationalPhone,
  readIpv4,
] as const;

/** Fewer digits than the shortest entity (an 8-digit phone number) and too few groups for IPv4. */
function tooSmall(run: NumberRun): boolean {
  if (run.groups.length >= 4) return false;
  let digits = 0;
  for (const group of run.groups) digits += group.digits.length;
  return digits < 8;
}

function readRun(text: string, run: NumberRun, matches: EntityMatch[]): void {
  if (tooSmall(run)) return;
  const reader = new RunReader(text, run);
  let index = 0;
  while (index < run.groups.length) {
    let result: Found | undefined;
    if (reader.canStart(index)) {
      for (const read of READERS) {
        result = read(reader, index);
        if (result !== undefined) break;
      }
    } else if (reader.canStartAddress(index)) {
      result = readIpv4(reader, index);
    }
    if (result === undefined) {
      // A uniformly grouped number that is nothing we know as a whole (a failed card number, an
      // id like 2024-555-123-4567) is one identifier: nothing inside it is looked at on its own.
      if (index === 0 && reader.uniform) return;
      index += 1;
      continue;
    }
    matches.push({ type: result.type, start: result.start, end: result.end });
    index = result.next;
  }
}

const DIGIT = /\d/g;

/** Finds every number-shaped entity in `text` (normalized). */
export function findNumberEntities(text: string, matches: EntityMatch[]): void {
  let from = 0;
  for (;;) {
    DIGIT.lastIndex = from;
    const hit = DIGIT.exec(text);
    if (hit === null) return;
    const run = scanRun(text, hit.index);
    readRun(text, run, matches);
    from = Math.max(run.end, hit.index + 1);
  }
}
