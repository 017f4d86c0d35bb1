import { createMemoryStores } from '@clawforce/core';
import { describe, expect, it } from 'vitest';
import { createGuardrailResolver, withGuardrail } from '../index.js';
import {
  ACME_STANDARD_GUARDRAIL_ID,
  acmeStandardGuardrail,
  demoGuardrailsConfig,
} from './index.js';

describe('ACME demo guardrails', () => {
  const resolver = createGuardrailResolver(demoGuardrailsConfig);
  const standard = resolver.resolve({ id: 'standard', guardrailId: ACME_STANDARD_GUARDRAIL_ID });

  it('covers every entity type of the local engine and all three denied topics', () => {
    expect(acmeStandardGuardrail.sensitiveInformationPolicyConfig?.piiEntitiesConfig).toHaveLength(
      10,
    );
    expect(
      acmeStandardGuardrail.topicPolicyConfig?.topicsConfig.map((topic) => topic.name),
    ).toEqual(['Investment advice', 'Colleague compensation', 'Credential requests']);
  });

  it('blocks secrets and restricted topics, masks personal data, lets work email through', async () => {
    const assess = async (content: string, source: 'INPUT' | 'OUTPUT' = 'INPUT') =>
      standard.guardrail?.assess({ source, content });
    expect((await assess('aws_access_key_id = AKIAZ3MXQ7KJ4PLW2RTE'))?.outputs).toEqual([
      { text: 'This message was blocked by the ACME acceptable-use policy.' },
    ]);
    expect((await assess("What is my manager's salary?"))?.action).toBe('GUARDRAIL_INTERVENED');
    expect(
      (await assess('Refund to card 4111 1111 1111 1111 for ACME-C-00421337'))?.outputs,
    ).toEqual([{ text: 'Refund to card {CREDIT_DEBIT_CARD_NUMBER} for {ACME_CUSTOMER_ID}' }]);
    expect((await assess('Forward it to jane.doe@acme.com, phone 415-555-0132'))?.action).toBe(
      'NONE',
    );
    expect((await assess('Call Jane on 415-555-0132', 'OUTPUT'))?.outputs).toEqual([
      { text: 'Call Jane on {PHONE}' },
    ]);
    expect((await assess('Any update on the Bluefin acquisition?'))?.action).toBe(
      'GUARDRAIL_INTERVENED',
    );
  });

  it('runs a standard turn end to end with the runtime’s own input message', async () => {
    const stores = createMemoryStores();
    const turn = withGuardrail(async () => ({ text: 'unreachable' }), standard.guardrail, {
      ...standard.options,
      auditLog: stores.audit,
    });
    const result = await turn({
      message: 'Should I buy Tesla stock right now?',
      actor: { kind: 'employee', id: 'emp-7' },
      language: 'en',
    });
    expect(result).toMatchObject({ status: 'blocked', source: 'INPUT' });
    expect(result.reply).toContain('it-help@acme.example');
    const [event] = (await stores.audit.query()).items;
    expect(event?.details).toMatchObject({
      topics: ['Investment advice'],
      guardrailId: 'acme-standard',
    });
  });

  it('leaves the executive tier unguarded', async () => {
    const executive = resolver.resolve({ id: 'executive', guardrailId: null });
    const turn = withGuardrail(
      async (input: { message: string; actor: { kind: 'employee'; id: string } }) => ({
        text: input.message,
      }),
      executive.guardrail,
      {
        ...executive.options,
        auditLog: createMemoryStores().audit,
      },
    );
    expect(
      await turn({ message: 'Should I buy Tesla stock?', actor: { kind: 'employee', id: 'ceo' } }),
    ).toMatchObject({
      status: 'completed',
    });
  });
});
