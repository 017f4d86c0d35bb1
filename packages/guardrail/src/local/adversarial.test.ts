/**
 * Hostile input: megabyte messages, text built to make pattern matchers backtrack, lone
 * surrogates, invisible characters splitting entities. Every case must be assessed, without an
 * exception, within a time bound far above the linear cost (tens of milliseconds) and far below
 * what quadratic behaviour would take (minutes).
 */
import { describe, expect, it } from 'vitest';
import { createLocalGuardrail, LOCAL_ENTITY_TYPES } from '../index.js';

const MEGABYTE = 1_000_000;
const BOUND_MS = 3_000;

const guardrail = createLocalGuardrail({
  id: 'adversarial',
  definition: {
    sensitiveInformationPolicyConfig: {
      piiEntitiesConfig: LOCAL_ENTITY_TYPES.map((type) => ({ type, action: 'ANONYMIZE' as const })),
      regexesConfig: [
        { name: 'CUSTOMER_ID', pattern: '\\bACME-C-\\d{8}\\b', action: 'ANONYMIZE' },
        { name: 'NESTED', pattern: '(a|aa)+b', action: 'BLOCK' },
      ],
    },
    topicPolicyConfig: {
      topicsConfig: [
        {
          name: 'Investment advice',
          definition: 'Advice on investments.',
          type: 'DENY',
          match: {
            phrases: ['stock tip*'],
            combinations: [[['should i'], ['buy', 'invest*'], ['stocks', 'aaaa*']]],
          },
        },
      ],
    },
    wordPolicyConfig: {
      wordsConfig: [{ text: 'Project Bluefin' }, { text: 'aaaaaaaaaaaaaaaaaaab' }],
    },
  },
});

const fill = (unit: string, length = MEGABYTE) =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Deterministic pseudo-random UTF-16 code units, lone surrogates included. */
function randomUnits(length: number, seed: number): string {
  let state = seed;
  const units = new Array<string>(length);
  for (let index = 0; index < length; index += 1) {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    units[index] = String.fromCharCode(state & 0xffff);
  }
  return units.join('');
}

async function timed(content: string) {
  const started = performance.now();
  const input = await guardrail.assess({ source: 'INPUT', content });
  const output = await guardrail.assess({ source: 'OUTPUT', content });
  return { input, output, elapsedMs: performance.now() - started };
}

const CASES: [string, () => string][] = [
  ['one 1 MB digit run', () => fill('1234567890')],
  ['half a million digit groups', () => fill('1 ')],
  ['dash-joined groups', () => fill('12-')],
  ['dot-joined groups (IPv4 bait)', () => fill('255.')],
  ['phone-prefix bait', () => fill('+1 (')],
  ['letters without @', () => fill('a')],
  ['@ storm', () => fill('a@')],
  ['email-domain bait', () => fill('a@a.')],
  ['colon storm', () => fill(':')],
  ['IPv6 bait', () => fill('ff:')],
  ['compressed IPv6 bait', () => fill('1::')],
  ['PEM headers without bodies', () => fill('-----BEGIN PRIVATE KEY-----')],
  [
    'PEM header and endless base64',
    () => `-----BEGIN RSA PRIVATE KEY-----\n${fill('QUJD', MEGABYTE - 40)}`,
  ],
  ['base64 after a secret keyword', () => `aws secret ${fill('Aa1+')}`],
  ['secret keywords and 40-character tokens', () => fill(`secret ${'Ab1'.repeat(13)}x `)],
  ['access key prefixes', () => fill('AKIA')],
  ['IBAN bait', () => `DE89${fill(' 3704')}`],
  ['regex bait for (a|aa)+b', () => fill('a')],
  ['topic bait', () => fill('should i buy ')],
  ['prefix-term bait', () => fill('aaaa')],
  ['lone high surrogates', () => fill('\uD800')],
  ['lone low surrogates between digits', () => fill('1\uDC00')],
  ['random UTF-16 code units', () => randomUnits(MEGABYTE, 7)],
  ['zero-width characters', () => fill('\u200B')],
  ['combining marks', () => fill('e\u0301')],
  ['full-width digits', () => fill('１２３４ ')],
  [
    'mixed prose with entities every line',
    () =>
      fill(
        'Mail jane@acme.com, call +1 415-555-0132, card 4111 1111 1111 1111, 服务器 10.0.0.1，谢谢。\n',
      ),
  ],
];

describe('adversarial input: bounded time, never a crash', () => {
  it.each(CASES)('%s', async (_, build) => {
    const content = build();
    const { input, output, elapsedMs } = await timed(content);
    expect(elapsedMs).toBeLessThan(BOUND_MS);
    for (const response of [input, output]) {
      expect(['NONE', 'GUARDRAIL_INTERVENED']).toContain(response.action);
      for (const text of response.outputs) expect(typeof text.text).toBe('string');
    }
  });

  it('still finds an entity at the very end of a megabyte of noise', async () => {
    const response = await guardrail.assess({
      source: 'INPUT',
      content: `${fill('1 ', MEGABYTE)}x mail jane@acme.com`,
    });
    const types = response.assessments[0]?.sensitiveInformationPolicy?.piiEntities.map(
      (entity) => entity.type,
    );
    expect(types).toContain('EMAIL');
  });

  it('masks every entity in a megabyte of mixed prose, in the original text', async () => {
    const line = 'Mail jane@acme.com, card 4111 1111 1111 1111, 服务器 10.0.0.1，谢谢。\n';
    const content = fill(line, line.length * 10_000);
    const response = await guardrail.assess({ source: 'INPUT', content });
    const masked = response.outputs[0]?.text ?? '';
    expect(masked).not.toContain('jane@acme.com');
    expect(masked).not.toContain('4111');
    expect(masked.split('\n')[0]).toBe(
      'Mail {EMAIL}, card {CREDIT_DEBIT_CARD_NUMBER}, 服务器 {IP_ADDRESS}，谢谢。',
    );
  });

  it('sees an entity split by a zero-width character between every letter', async () => {
    const split = [...'jane.doe@acme.com'].join('\u200B');
    const response = await guardrail.assess({
      source: 'INPUT',
      content: `write to ${split} today`,
    });
    expect(response.outputs).toEqual([{ text: 'write to {EMAIL} today' }]);
  });

  it('handles a lone surrogate right next to an entity', async () => {
    const response = await guardrail.assess({
      source: 'INPUT',
      content: '\uD800jane@acme.com\uDC00 10.0.0.1\uD800',
    });
    expect(response.outputs).toEqual([{ text: '\uD800{EMAIL}\uDC00 {IP_ADDRESS}\uD800' }]);
  });

  it('grows linearly: ten times the input takes far less than a hundred times as long', async () => {
    const worst = (length: number) =>
      `${fill('1 ', length / 2)}${fill('ff:', length / 4)}${fill('a@a.', length / 4)}`;
    const measure = async (length: number) => {
      const content = worst(length);
      let best = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run += 1) best = Math.min(best, (await timed(content)).elapsedMs);
      return best;
    };
    await measure(50_000);
    const small = await measure(100_000);
    const large = await measure(MEGABYTE);
    // Linear is about 10; quadratic would be about 100. The margin absorbs noise on a busy machine.
    expect(large / small).toBeLessThan(40);
  });
});
