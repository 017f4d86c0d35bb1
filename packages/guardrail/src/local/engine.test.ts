import { isClawforceError } from '@clawforce/core';
import { describe, expect, it } from 'vitest';
import {
  createLocalGuardrail,
  type GuardrailResponse,
  LOCAL_ENTITY_TYPES,
  type LocalGuardrailDefinitionInput,
} from '../index.js';

const everyEntity = (action: 'BLOCK' | 'ANONYMIZE' | 'NONE'): LocalGuardrailDefinitionInput => ({
  sensitiveInformationPolicyConfig: {
    piiEntitiesConfig: LOCAL_ENTITY_TYPES.map((type) => ({ type, action })),
  },
});

const masking = createLocalGuardrail({ id: 'masking', definition: everyEntity('ANONYMIZE') });

async function findings(text: string): Promise<string[]> {
  const response = await masking.assess({ source: 'INPUT', content: text });
  return response.assessments.flatMap((assessment) =>
    (assessment.sensitiveInformationPolicy?.piiEntities ?? []).map(
      (entity) => `${entity.type}:${entity.match}`,
    ),
  );
}

async function maskedText(text: string): Promise<string | undefined> {
  return (await masking.assess({ source: 'INPUT', content: text })).outputs[0]?.text;
}

function error(run: () => unknown): unknown {
  try {
    run();
  } catch (caught) {
    return caught;
  }
  return undefined;
}

describe('local engine: sensitive information that validates, not just matches', () => {
  it.each([
    ['john.smith@acme.com', 'EMAIL:john.smith@acme.com'],
    ['Mail: Maria.Garcia+hr@mail.acme.io.', 'EMAIL:Maria.Garcia+hr@mail.acme.io'],
    ['call +1 (415) 555-0132', 'PHONE:+1 (415) 555-0132'],
    ['phone 415.555.0132', 'PHONE:415.555.0132'],
    ['手机13800138000', 'PHONE:13800138000'],
    ['+86 138 0013 8000', 'PHONE:+86 138 0013 8000'],
    ['tel 010-12345678', 'PHONE:010-12345678'],
    ['+44 20 7946 0958', 'PHONE:+44 20 7946 0958'],
    ['Tél : 01 42 68 53 00', 'PHONE:01 42 68 53 00'],
    ['Visa 4111 1111 1111 1111', 'CREDIT_DEBIT_CARD_NUMBER:4111 1111 1111 1111'],
    ['Amex 3782-822463-10005', 'CREDIT_DEBIT_CARD_NUMBER:3782-822463-10005'],
    [
      'IBAN DE89 3704 0044 0532 0130 00',
      'INTERNATIONAL_BANK_ACCOUNT_NUMBER:DE89 3704 0044 0532 0130 00',
    ],
    ['GB29NWBK60161331926819', 'INTERNATIONAL_BANK_ACCOUNT_NUMBER:GB29NWBK60161331926819'],
    ['SSN 123-45-6789', 'US_SOCIAL_SECURITY_NUMBER:123-45-6789'],
    ['key AKIAQWERTYUIOPASDFGH', 'AWS_ACCESS_KEY:AKIAQWERTYUIOPASDFGH'],
    ['host 10.0.0.1 is up', 'IP_ADDRESS:10.0.0.1'],
    ['host [2001:db8::8a2e:370:7334]:443', 'IP_ADDRESS:2001:db8::8a2e:370:7334'],
    ['身份证 11010519491231002X', 'CN_RESIDENT_IDENTITY_NUMBER:11010519491231002X'],
  ])('finds %j', async (text, expected) => {
    expect(await findings(text)).toEqual([expected]);
  });

  it.each([
    ['a card failing Luhn', 'Card 4111 1111 1111 1112'],
    ['a Luhn-valid number outside every card network', 'Order 7000 0000 0000 0006'],
    ['an IBAN with a wrong check', 'IBAN DE88 3704 0044 0532 0130 00'],
    ['an SSN with area 666', 'SSN 666-12-3456'],
    ['an SSN with group 00', 'SSN 123-00-6789'],
    ['a CN id with a wrong check character', '身份证 110105194912310021'],
    ['a CN id born on February 30', '身份证 110105199902300014'],
    ['a date', 'due 2024-03-15 or 15.03.2024'],
    ['a version', 'upgrade to version 1.2.3.4'],
    ['a section number', 'see section 3.2.1.4'],
    ['an invalid octet', 'address 256.1.1.1'],
    ['an ISBN', 'ISBN 978-3-16-148410-0'],
    ['a NANP-shaped id with area code 100', 'SKU 100-200-3000'],
    ['a uniformly grouped id', 'ID 2024-555-123-4567'],
    ['a retina image name', 'logo@2x.png'],
    ['an SSH remote', 'git@github.com:acme/platform.git'],
    ['the documented AWS example key', 'AKIAIOSFODNN7EXAMPLE'],
    ['a git SHA next to the word secret', 'secret commit 3f786850e387550fdab836ed7e6dc881de23001b'],
    ['a MAC address', 'mac 00:1A:2B:3C:4D:5E'],
    ['a time', 'at 10:30:45'],
    ['scope operators', 'std::vector and a[::2]'],
    [
      'a public key',
      '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----',
    ],
    ['a placeholder private key', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----'],
  ])('ignores %s', async (_, text) => {
    expect(await findings(text)).toEqual([]);
  });

  it('needs credential context for a secret access key', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz';
    expect(await findings(`value ${secret}`)).toEqual([]);
    expect(await findings(`aws_secret_access_key=${secret}`)).toEqual([`AWS_SECRET_KEY:${secret}`]);
    expect(await findings(`AKIAQWERTYUIOPASDFGH ${secret}`)).toEqual([
      'AWS_ACCESS_KEY:AKIAQWERTYUIOPASDFGH',
      `AWS_SECRET_KEY:${secret}`,
    ]);
  });

  it('masks a whole private key block, including a truncated one', async () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7'.repeat(4);
    const block = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    expect(await maskedText(`key:\n${block}\nthanks`)).toBe('key:\n{PRIVATE_KEY}\nthanks');
    expect(await maskedText(`cut: -----BEGIN PRIVATE KEY-----\n${body}\n`)).toBe(
      'cut: {PRIVATE_KEY}\n',
    );
  });

  it('sees through zero-width characters, soft hyphens and full-width digits, and masks the original', async () => {
    expect(await maskedText('mail jo\u200Bhn@ac\u200Cme.com now')).toBe('mail {EMAIL} now');
    expect(await maskedText('card 4111\u200B1111\u200B1111\u200B1111!')).toBe(
      'card {CREDIT_DEBIT_CARD_NUMBER}!',
    );
    expect(await maskedText('手机：１３８００１３８０００，谢谢')).toBe('手机：{PHONE}，谢谢');
    expect(await maskedText('SSN 123\u00AD-45\u00AD-6789.')).toBe(
      'SSN {US_SOCIAL_SECURITY_NUMBER}.',
    );
  });

  it('keeps text around masks intact, combining marks and astral characters included', async () => {
    // NFKC composes e + U+0301 into é, which is not an ASCII local-part character.
    expect(await maskedText('Café ☕ 😀 mail e\u0301lodie@acme.fr 😀')).toBe(
      'Café ☕ 😀 mail e\u0301{EMAIL} 😀',
    );
    expect(await maskedText('😀 10.0.0.1 😀')).toBe('😀 {IP_ADDRESS} 😀');
  });
});

describe('local engine: actions and directions', () => {
  const definition: LocalGuardrailDefinitionInput = {
    blockedInputMessaging: 'input blocked',
    blockedOutputsMessaging: 'output blocked',
    sensitiveInformationPolicyConfig: {
      piiEntitiesConfig: [
        { type: 'EMAIL', action: 'NONE' },
        { type: 'PHONE', action: 'NONE', outputAction: 'ANONYMIZE' },
        { type: 'US_SOCIAL_SECURITY_NUMBER', action: 'BLOCK' },
        { type: 'IP_ADDRESS', action: 'ANONYMIZE', inputEnabled: false },
      ],
    },
  };
  const guardrail = createLocalGuardrail({ id: 'directions', definition });

  it('reports NONE findings without intervening', async () => {
    const response = await guardrail.assess({ source: 'INPUT', content: 'mail a@acme.com' });
    expect(response.action).toBe('NONE');
    expect(response.outputs).toEqual([]);
    expect(response.assessments[0]?.sensitiveInformationPolicy?.piiEntities).toEqual([
      { match: 'a@acme.com', type: 'EMAIL', action: 'NONE', detected: true },
    ]);
  });

  it('applies per-direction actions and switches', async () => {
    const input = await guardrail.assess({
      source: 'INPUT',
      content: 'call 415-555-0132 from 10.0.0.1',
    });
    expect(input.action).toBe('NONE');
    expect(
      input.assessments[0]?.sensitiveInformationPolicy?.piiEntities.map((entity) => entity.type),
    ).toEqual(['PHONE']);
    const output = await guardrail.assess({
      source: 'OUTPUT',
      content: 'call 415-555-0132 from 10.0.0.1',
    });
    expect(output).toMatchObject({
      action: 'GUARDRAIL_INTERVENED',
      outputs: [{ text: 'call {PHONE} from {IP_ADDRESS}' }],
    });
  });

  it('blocks with the direction’s messaging, and a block wins over masking', async () => {
    const response = await guardrail.assess({
      source: 'OUTPUT',
      content: 'SSN 123-45-6789, call 415-555-0132',
    });
    expect(response).toMatchObject({
      action: 'GUARDRAIL_INTERVENED',
      actionReason: 'Guardrail blocked.',
      outputs: [{ text: 'output blocked' }],
    });
    const actions = response.assessments[0]?.sensitiveInformationPolicy?.piiEntities.map(
      (entity) => entity.action,
    );
    expect(actions).toEqual(['BLOCKED', 'ANONYMIZED']);
    expect(
      (await guardrail.assess({ source: 'INPUT', content: 'SSN 123-45-6789' })).outputs,
    ).toEqual([{ text: 'input blocked' }]);
  });

  it('names itself in appliedGuardrailDetails', async () => {
    const response = await guardrail.assess({ source: 'INPUT', content: 'hello' });
    expect(response).toEqual({
      action: 'NONE',
      outputs: [],
      assessments: [{ appliedGuardrailDetails: { guardrailId: 'directions' } }],
    });
  });
});

describe('local engine: custom regexes on RE2', () => {
  it('masks matches with {name} and reports them like Bedrock', async () => {
    const guardrail = createLocalGuardrail({
      id: 'regex',
      definition: {
        sensitiveInformationPolicyConfig: {
          regexesConfig: [
            { name: 'CUSTOMER_ID', pattern: '\\bACME-C-\\d{8}\\b', action: 'ANONYMIZE' },
          ],
        },
      },
    });
    const response = await guardrail.assess({
      source: 'INPUT',
      content: 'Customer ACME-C-00421337 and ACME-C-12345678.',
    });
    expect(response.outputs).toEqual([{ text: 'Customer {CUSTOMER_ID} and {CUSTOMER_ID}.' }]);
    expect(response.assessments[0]?.sensitiveInformationPolicy?.regexes[0]).toEqual({
      name: 'CUSTOMER_ID',
      match: 'ACME-C-00421337',
      regex: '\\bACME-C-\\d{8}\\b',
      action: 'ANONYMIZED',
      detected: true,
    });
  });

  it('runs a classic catastrophic-backtracking pattern in linear time', async () => {
    const guardrail = createLocalGuardrail({
      id: 'redos',
      definition: {
        sensitiveInformationPolicyConfig: {
          regexesConfig: [{ name: 'BAIT', pattern: '(a+)+$', action: 'BLOCK' }],
        },
      },
    });
    const started = performance.now();
    const response = await guardrail.assess({
      source: 'INPUT',
      content: `${'a'.repeat(100_000)}!`,
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(response.action).toBe('NONE');
  });

  it.each([
    ['a backreference', '(a)\\1'],
    ['a lookahead', 'foo(?=bar)'],
    ['a pattern that matches the empty string', 'x*'],
    ['a syntax error', '(unclosed'],
  ])('refuses %s with validation_failed naming the field', (_, pattern) => {
    const failure = error(() =>
      createLocalGuardrail({
        id: 'bad',
        definition: {
          sensitiveInformationPolicyConfig: {
            regexesConfig: [{ name: 'BAD', pattern, action: 'BLOCK' }],
          },
        },
      }),
    );
    expect(isClawforceError(failure, 'validation_failed')).toBe(true);
    expect((failure as { details: { path: string }[] }).details[0]?.path).toBe(
      'sensitiveInformationPolicyConfig.regexesConfig.0.pattern',
    );
  });
});

describe('local engine: denied topics and words', () => {
  const guardrail = createLocalGuardrail({
    id: 'topics',
    definition: {
      topicPolicyConfig: {
        topicsConfig: [
          {
            name: 'Investment advice',
            definition: 'Recommendations about specific investments.',
            examples: ['Should I buy Tesla stock?'],
            type: 'DENY',
            match: {
              phrases: ['stock tip*', '荐股'],
              combinations: [
                [
                  ['should i', '应该', 'sollte ich'],
                  ['buy', 'invest*', '买', 'kaufen'],
                  ['stocks', 'bitcoin', '股票', 'aktie*'],
                ],
              ],
              exclusions: ['in stock'],
            },
          },
        ],
      },
      wordPolicyConfig: {
        wordsConfig: [{ text: 'Project Bluefin' }, { text: 'Nightjar', outputEnabled: false }],
      },
    },
  });
  const topicsOf = async (content: string, source: 'INPUT' | 'OUTPUT' = 'INPUT') =>
    ((await guardrail.assess({ source, content })).assessments[0]?.topicPolicy?.topics ?? []).map(
      (topic) => topic.name,
    );
  const wordsOf = async (content: string, source: 'INPUT' | 'OUTPUT' = 'INPUT') =>
    (
      (await guardrail.assess({ source, content })).assessments[0]?.wordPolicy?.customWords ?? []
    ).map((word) => word.match);

  it('matches examples and phrases after NFKC, case folding and zero-width stripping', async () => {
    expect(await topicsOf('SHOULD I BUY TESLA STOCK?')).toEqual(['Investment advice']);
    expect(await topicsOf('Ｓｈｏｕｌｄ I buy Tesla stock?')).toEqual(['Investment advice']);
    expect(await topicsOf('any sto\u200Bck tips today?')).toEqual(['Investment advice']);
    expect(await topicsOf('Should   I\nbuy Tesla stock?')).toEqual(['Investment advice']);
  });

  it('matches combinations, prefix terms and CJK without spaces', async () => {
    expect(await topicsOf('Should I invest more in Bitcoin?')).toEqual(['Investment advice']);
    expect(await topicsOf('Should I be investing in stocks?')).toEqual(['Investment advice']);
    expect(await topicsOf('我应该买哪些股票')).toEqual(['Investment advice']);
    expect(await topicsOf('Sollte ich Aktien kaufen?')).toEqual(['Investment advice']);
    expect(await topicsOf('有人荐股吗')).toEqual(['Investment advice']);
  });

  it('respects word boundaries and exclusions', async () => {
    expect(await topicsOf('Should I rebuy the stockings?')).toEqual([]);
    expect(await topicsOf('Should I buy more stocks of paper? Is A4 in stock?')).toEqual([]);
    expect(await topicsOf('What stock tips? none')).toEqual(['Investment advice']);
    expect(await topicsOf('restock tips')).toEqual([]);
  });

  it('blocks custom words whole, per direction', async () => {
    expect(await wordsOf('Status of project bluefin?')).toEqual(['Project Bluefin']);
    expect(await wordsOf('Bluefins are fish.')).toEqual([]);
    expect(await wordsOf('Nightjar is ready', 'INPUT')).toEqual(['Nightjar']);
    expect(await wordsOf('Nightjar is ready', 'OUTPUT')).toEqual([]);
    const response = await guardrail.assess({ source: 'INPUT', content: 'Project Bluefin' });
    expect(response.action).toBe('GUARDRAIL_INTERVENED');
  });
});

describe('local engine: bad definitions and requests', () => {
  it.each([
    [
      'an entity type the engine cannot detect',
      {
        sensitiveInformationPolicyConfig: {
          piiEntitiesConfig: [{ type: 'NAME', action: 'BLOCK' }],
        },
      },
      'sensitiveInformationPolicyConfig.piiEntitiesConfig.0.type',
    ],
    [
      'a duplicate entity type',
      {
        sensitiveInformationPolicyConfig: {
          piiEntitiesConfig: [
            { type: 'EMAIL', action: 'BLOCK' },
            { type: 'EMAIL', action: 'NONE' },
          ],
        },
      },
      'sensitiveInformationPolicyConfig.piiEntitiesConfig.1.type',
    ],
    ['an unknown field', { contentPolicyConfig: {} }, 'contentPolicyConfig'],
    [
      'a topic name Bedrock would refuse',
      {
        topicPolicyConfig: {
          topicsConfig: [{ name: 'Topic/1', definition: 'd', type: 'DENY', match: {} }],
        },
      },
      'topicPolicyConfig.topicsConfig.0.name',
    ],
    [
      'more than five examples',
      {
        topicPolicyConfig: {
          topicsConfig: [
            {
              name: 'T',
              definition: 'd',
              examples: ['a', 'b', 'c', 'd', 'e', 'f'],
              type: 'DENY',
              match: {},
            },
          ],
        },
      },
      'topicPolicyConfig.topicsConfig.0.examples',
    ],
  ])('refuses %s', (_, definition, path) => {
    const failure = error(() =>
      createLocalGuardrail({ id: 'bad', definition: definition as LocalGuardrailDefinitionInput }),
    );
    expect(isClawforceError(failure, 'validation_failed')).toBe(true);
    expect(
      (failure as { details: { path: string }[] }).details.map((detail) => detail.path),
    ).toContain(path);
  });

  it('refuses a bad id', () => {
    expect(
      isClawforceError(
        error(() => createLocalGuardrail({ id: 'Not Valid', definition: {} })),
        'invalid_id',
      ),
    ).toBe(true);
  });

  it('rejects malformed requests with validation_failed instead of crashing', async () => {
    const guardrail = createLocalGuardrail({ id: 'g', definition: everyEntity('BLOCK') });
    for (const request of [
      { source: 'SIDE', content: 'x' },
      { source: 'INPUT', content: 42 },
      null,
    ]) {
      const failure = await guardrail.assess(request as never).catch((caught: unknown) => caught);
      expect(isClawforceError(failure, 'validation_failed')).toBe(true);
    }
  });

  it('treats an empty message as clean', async () => {
    const response: GuardrailResponse = await createLocalGuardrail({
      id: 'g',
      definition: everyEntity('BLOCK'),
    }).assess({
      source: 'INPUT',
      content: '',
    });
    expect(response.action).toBe('NONE');
  });
});
