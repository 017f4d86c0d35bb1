/**
 * Check digits and registries: what turns "looks like a card number" into "is a card number".
 * Pure functions over ASCII digit strings.
 */

/** Luhn (mod 10) check used by every payment card number. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return false;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Maestro's issuer prefixes (the whole 50/56-69 space is mostly other schemes or unissued). */
const MAESTRO_PREFIXES = new Set([5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763]);

/**
 * Issuer prefixes and lengths of the card networks (ISO/IEC 7812 IIN ranges as the networks publish
 * them). A Luhn-valid number outside every range is a different kind of number.
 */
export function cardNetworkOf(digits: string): string | undefined {
  const length = digits.length;
  const two = Number(digits.slice(0, 2));
  const three = Number(digits.slice(0, 3));
  const four = Number(digits.slice(0, 4));
  const six = Number(digits.slice(0, 6));
  if (digits[0] === '4' && (length === 13 || length === 16 || length === 19)) return 'visa';
  if (((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) && length === 16) {
    return 'mastercard';
  }
  if ((two === 34 || two === 37) && length === 15) return 'amex';
  if (
    (four === 6011 ||
      two === 65 ||
      (three >= 644 && three <= 649) ||
      (six >= 622126 && six <= 622925)) &&
    length >= 16 &&
    length <= 19
  ) {
    return 'discover';
  }
  if (four >= 3528 && four <= 3589 && length >= 16 && length <= 19) return 'jcb';
  if (two === 62 && length >= 16 && length <= 19) return 'unionpay';
  if (((three >= 300 && three <= 305) || two === 36 || two === 38 || two === 39) && length >= 14) {
    return 'diners';
  }
  if (MAESTRO_PREFIXES.has(four) && length >= 12 && length <= 19) return 'maestro';
  if (four >= 2200 && four <= 2204 && length === 16) return 'mir';
  return undefined;
}

/** IBAN lengths per country (SWIFT IBAN registry). */
// biome-ignore format: a registry table reads best as a table
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};

export function ibanLength(countryCode: string): number | undefined {
  return IBAN_LENGTHS[countryCode];
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function ibanValid(iban: string): boolean {
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected === undefined || iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let index = 0; index < rearranged.length; index += 1) {
    const code = rearranged.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      remainder = (remainder * 10 + (code - 48)) % 97;
    } else if (code >= 65 && code <= 90) {
      remainder = (remainder * 100 + (code - 55)) % 97;
    } else {
      return false;
    }
  }
  return remainder === 1;
}

/** Numbers the Social Security Administration never issues or that were published in ads. */
const PUBLISHED_SSNS = new Set(['078051120', '219099999', '457555462']);

/** US SSN rules: area not 000, 666 or 900-999; group not 00; serial not 0000. */
export function ssnValid(digits: string): boolean {
  if (digits.length !== 9 || PUBLISHED_SSNS.has(digits)) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;
}

/** First two digits of a PRC resident identity number: the province-level division (GB/T 2260). */
const CN_PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
]);
const CN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_ID_CHECK = '10X98765432';

/**
 * GB 11643 resident identity number: province code, a real birth date not in the future and the
 * ISO 7064 MOD 11-2 check character. `id` is 17 digits plus a digit or `X`.
 */
export function cnResidentIdValid(id: string, now: Date = new Date()): boolean {
  if (id.length !== 18) return false;
  if (!CN_PROVINCES.has(Number(id.slice(0, 2)))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (birth.getUTCDate() !== day || birth.getTime() > now.getTime()) return false;
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    const digit = id.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return false;
    sum += digit * (CN_ID_WEIGHTS[index] as number);
  }
  return CN_ID_CHECK[sum % 11] === id[17]?.toUpperCase();
}

/**
 * ITU-T E.164 country calling codes in use (1-3 digits). A `+` number whose leading digits are not
 * one of these is not a phone number.
 */
const CALLING_CODES = new Set(
  (
    '1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 ' +
    '64 65 66 81 82 84 86 90 91 92 93 94 95 98 211 212 213 216 218 220 221 222 223 224 225 226 227 ' +
    '228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 248 249 250 251 ' +
    '252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 269 290 291 297 298 299 350 ' +
    '351 352 353 354 355 356 357 358 359 370 371 372 373 374 375 376 377 378 380 381 382 383 385 ' +
    '386 387 389 420 421 423 500 501 502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 ' +
    '597 598 599 670 672 673 674 675 676 677 678 679 680 681 682 683 685 686 687 688 689 690 691 ' +
    '692 850 852 853 855 856 880 886 960 961 962 963 964 965 966 967 968 970 971 972 973 974 975 ' +
    '976 977 992 993 994 995 996 998'
  ).split(' '),
);

/** The calling code at the start of `digits`, if any (codes are prefix-free). */
export function callingCodeOf(digits: string): string | undefined {
  for (let length = 1; length <= 3; length += 1) {
    const prefix = digits.slice(0, length);
    if (CALLING_CODES.has(prefix)) return prefix;
  }
  return undefined;
}

/** North American Numbering Plan: NXX area code and NXX exchange, neither an N11 service code. */
export function nanpValid(tenDigits: string): boolean {
  if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(tenDigits)) return false;
  const area = tenDigits.slice(0, 3);
  const exchange = tenDigits.slice(3, 6);
  return !area.endsWith('11') && !exchange.endsWith('11');
}

/** Mainland China mobile prefixes (MIIT allocations). */
export function cnMobileValid(elevenDigits: string): boolean {
  return /^1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])\d{8}$/.test(elevenDigits);
}

/** Mainland China landline: area code 010, 02X or 0[3-9]XX, then a 7-8 digit local number. */
export function cnLandlineValid(areaCode: string, local: string): boolean {
  const areaOk = /^(?:010|02\d|0[3-9]\d{2})$/.test(areaCode);
  return areaOk && /^[2-9]\d{6,7}$/.test(local);
}
