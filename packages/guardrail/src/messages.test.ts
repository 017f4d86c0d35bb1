import { describe, expect, it } from 'vitest';
import { blockedMessageFor, DEFAULT_BLOCKED_MESSAGES } from './index.js';

describe('blockedMessageFor', () => {
  it('ships every kind in English, Chinese (both scripts), Japanese, Spanish, German and French', () => {
    for (const kind of ['input', 'output', 'unavailable'] as const) {
      expect(Object.keys(DEFAULT_BLOCKED_MESSAGES[kind]).sort()).toEqual([
        'de',
        'en',
        'es',
        'fr',
        'ja',
        'zh',
        'zh-Hant',
      ]);
    }
  });

  it.each([
    ['en-US', 'en'],
    ['zh', 'zh'],
    ['zh-CN', 'zh'],
    ['zh-Hans-SG', 'zh'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['ja-JP', 'ja'],
    ['ES', 'es'],
    ['de-CH', 'de'],
    ['fr-CA', 'fr'],
  ])('picks the shipped text for %s', (tag, key) => {
    expect(blockedMessageFor('output', tag)).toBe(DEFAULT_BLOCKED_MESSAGES.output[key]);
  });

  it('falls back to the fallback language, then English', () => {
    expect(blockedMessageFor('input', 'ko')).toBe(DEFAULT_BLOCKED_MESSAGES.input.en);
    expect(blockedMessageFor('input', undefined)).toBe(DEFAULT_BLOCKED_MESSAGES.input.en);
    expect(blockedMessageFor('input', 'ko', { fallbackLanguage: 'ja' })).toBe(
      DEFAULT_BLOCKED_MESSAGES.input.ja,
    );
  });

  it('prefers the runtime’s own text for the language, then the shipped text for it', () => {
    const messages = { input: { 'en-GB': 'Stopped by policy, mate.', en: 'Stopped by policy.' } };
    expect(blockedMessageFor('input', 'en-GB', { messages })).toBe('Stopped by policy, mate.');
    expect(blockedMessageFor('input', 'en-AU', { messages })).toBe('Stopped by policy.');
    expect(blockedMessageFor('input', 'de', { messages })).toBe(DEFAULT_BLOCKED_MESSAGES.input.de);
    expect(blockedMessageFor('output', 'en', { messages })).toBe(
      DEFAULT_BLOCKED_MESSAGES.output.en,
    );
  });
});
