import { expectClawforceError } from '@clawforce/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPairingCode,
  generatePairingCode,
  hashPairingCode,
  normalizePairingCode,
  PAIRING_CODE_ALPHABET,
} from './index.js';

const code = (length = 8) =>
  fc
    .array(fc.constantFrom(...PAIRING_CODE_ALPHABET), { minLength: length, maxLength: length })
    .map((characters) => characters.join(''));

describe('generatePairingCode', () => {
  it('draws 8+ characters from the unambiguous alphabet (>= 40 bits)', () => {
    expect(PAIRING_CODE_ALPHABET).toHaveLength(32);
    expect(PAIRING_CODE_ALPHABET).not.toMatch(/[ILOU]/);
    const codes = Array.from({ length: 2_000 }, () => generatePairingCode());
    for (const value of codes) expect(value).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // Every symbol shows up: the draw covers the whole alphabet.
    expect(new Set(codes.join('')).size).toBe(32);
    expect(generatePairingCode(12)).toHaveLength(12);
  });

  it('refuses lengths outside 8-16', async () => {
    await expectClawforceError(() => generatePairingCode(7), 'validation_failed');
    await expectClawforceError(() => generatePairingCode(17), 'validation_failed');
    await expectClawforceError(() => generatePairingCode(8.5), 'validation_failed');
  });
});

describe('normalizePairingCode', () => {
  it('reads back what it shows, in any case, with spaces and dashes (property)', () => {
    fc.assert(
      fc.property(code(), fc.boolean(), (value, lower) => {
        const shown = formatPairingCode(value);
        expect(shown).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
        const typed = lower ? shown.toLowerCase() : shown;
        expect(normalizePairingCode(typed)).toEqual({ ok: true, code: value });
        expect(normalizePairingCode(` ${typed.replace('-', ' ')} `)).toEqual({
          ok: true,
          code: value,
        });
        expect(normalizePairingCode(typed.replace('-', '\u2013'))).toEqual({
          ok: true,
          code: value,
        });
      }),
    );
  });

  it("reads Crockford's O, I and L as 0, 1, 1 and full-width forms as ASCII", () => {
    expect(normalizePairingCode('OIL0-ABCD')).toEqual({ ok: true, code: '0110ABCD' });
    expect(normalizePairingCode('ＡＢＣＤ－ＥＦＧＨ')).toEqual({ ok: true, code: 'ABCDEFGH' });
  });

  it('names the problem with anything that is not a code', () => {
    expect(normalizePairingCode('')).toEqual({ ok: false, problem: 'empty' });
    expect(normalizePairingCode(' - ')).toEqual({ ok: false, problem: 'empty' });
    expect(normalizePairingCode('ABCD-EFG')).toEqual({ ok: false, problem: 'length' });
    expect(normalizePairingCode('ABCD-EFGHJ')).toEqual({ ok: false, problem: 'length' });
    expect(normalizePairingCode('A'.repeat(10_000))).toEqual({ ok: false, problem: 'length' });
    expect(normalizePairingCode('ABCD-EFGU')).toEqual({ ok: false, problem: 'characters' });
    expect(normalizePairingCode('ABCD_EFGH')).toEqual({ ok: false, problem: 'characters' });
    // Cyrillic А and Е, Greek Ο: they look right and are refused, not guessed.
    expect(normalizePairingCode('\u0410BCD-\u0415FGH')).toEqual({
      ok: false,
      problem: 'lookalike',
    });
    expect(normalizePairingCode('ABCD-EFG\u039f')).toEqual({ ok: false, problem: 'lookalike' });
    expect(normalizePairingCode('ABCD\u200bEFGH')).toEqual({ ok: false, problem: 'lookalike' });
  });

  it('refuses any code with a non-ASCII look-alike in it (property)', () => {
    const lookalikes = [
      '\u0410',
      '\u0412',
      '\u0415',
      '\u041a',
      '\u041c',
      '\u041d',
      '\u041e',
      '\u0420',
      '\u0421',
      '\u0422',
      '\u0425',
      '\u0391',
      '\u0392',
      '\u0395',
      '\u0396',
      '\u0397',
      '\u039a',
      '\u039c',
      '\u039d',
      '\u039f',
      '\u03a1',
      '\u03a4',
      '\u03a7',
    ];
    fc.assert(
      fc.property(code(), fc.nat(7), fc.constantFrom(...lookalikes), (value, index, lookalike) => {
        const spoofed = value.slice(0, index) + lookalike + value.slice(index + 1);
        expect(normalizePairingCode(spoofed)).toEqual({ ok: false, problem: 'lookalike' });
      }),
    );
  });
});

describe('hashPairingCode', () => {
  it('is a SHA-256 digest that neither contains nor repeats across codes', () => {
    const digest = hashPairingCode('ABCDEFGH');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).toBe(hashPairingCode('ABCDEFGH'));
    expect(digest).not.toBe(hashPairingCode('ABCDEFGJ'));
    expect(digest.toUpperCase()).not.toContain('ABCDEFGH');
  });
});
