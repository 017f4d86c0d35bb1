import { describe, expect, it } from 'vitest';
import { type ClawforceError, httpStatusOf, isClawforceError } from './errors.js';
import { assertId, isId, slugify } from './ids.js';
import { accessPathSchema } from './schemas/access-path.js';
import { employeeSchema } from './schemas/organization.js';
import { daySchema, modelRefSchema } from './schemas/primitives.js';
import { costMicroUsd } from './schemas/usage.js';
import { parse } from './validation.js';

describe('ids', () => {
  it('accepts lowercase slugs and rejects separators, dots, doubled hyphens, case and length', () => {
    for (const good of ['a', 'emp-carol', 'pos-solutions-architect', '0', 'x'.repeat(64)])
      expect(isId(good)).toBe(true);
    for (const bad of [
      '',
      'Emp',
      'emp_carol',
      'emp--carol',
      '-emp',
      'emp-',
      '../etc',
      'a/b',
      'a.b',
      'a\u0000',
      'é',
      'x'.repeat(65),
      42,
      null,
    ]) {
      expect(isId(bad)).toBe(false);
    }
  });

  it('throws invalid_id naming the field', () => {
    const error = (() => {
      try {
        assertId('../secret', 'employeeId');
      } catch (caught) {
        return caught;
      }
    })();
    expect(isClawforceError(error, 'invalid_id')).toBe(true);
    expect((error as ClawforceError).message).toContain('employeeId');
    expect(assertId('emp-ryan')).toBe('emp-ryan');
  });

  it('slugifies display names into ids', () => {
    expect(slugify('HR & Admin')).toBe('hr-admin');
    expect(slugify('  Légal & Compliance ')).toBe('legal-compliance');
    expect(slugify('!!!')).toBe('x');
    expect(isId(slugify('A'.repeat(200)))).toBe(true);
  });
});

describe('parse', () => {
  const valid = {
    id: 'emp-carol',
    employeeNumber: 'ACME-0015',
    name: 'Carol Zhang',
    email: 'carol@acme.example',
    role: 'employee',
    departmentId: 'finance',
    positionId: 'pos-finance-analyst',
    status: 'active',
    flags: [],
    preferences: '',
    createdAt: '2026-11-02T09:00:00.000Z',
    updatedAt: '2026-11-02T09:00:00.000Z',
  };

  it('returns typed data for valid input', () => {
    expect(parse(employeeSchema, valid).name).toBe('Carol Zhang');
  });

  it('names unknown fields and invalid fields, with every problem in details', () => {
    let caught: unknown;
    try {
      parse(
        employeeSchema,
        { ...valid, role: 'owner', isAdmin: true, address: { city: 'x' } },
        'employee',
      );
    } catch (error) {
      caught = error;
    }
    expect(isClawforceError(caught, 'validation_failed')).toBe(true);
    const error = caught as ClawforceError;
    expect(error.message).toMatch(/^employee is invalid: /);
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'role' }),
        { path: 'isAdmin', code: 'unknown_field', message: 'unknown field' },
        { path: 'address', code: 'unknown_field', message: 'unknown field' },
      ]),
    );
    expect(error.toJSON()).toMatchObject({ code: 'validation_failed' });
    expect(httpStatusOf(error.code)).toBe(400);
  });

  it('rejects impossible days, model refs without a provider and bad access paths', () => {
    expect(daySchema.safeParse('2026-02-29').success).toBe(false);
    expect(daySchema.safeParse('2028-02-29').success).toBe(true);
    expect(modelRefSchema.safeParse('gpt-4o').success).toBe(false);
    expect(modelRefSchema.safeParse('amazon-bedrock/us.amazon.nova-2-lite-v1:0').success).toBe(
      true,
    );
    expect(
      accessPathSchema.safeParse({ kind: 'twin', employeeId: 'emp-carol', visitorId: 'v' }).success,
    ).toBe(false);
    expect(
      accessPathSchema.safeParse({ kind: 'employee', employeeId: 'emp-carol', via: 'telegram' })
        .success,
    ).toBe(true);
    expect(
      accessPathSchema.safeParse({ kind: 'employee', employeeId: 'emp-carol', claimedBy: 'ceo' })
        .success,
    ).toBe(false);
  });
});

describe('httpStatusOf', () => {
  it('maps every code to a 4xx status', () => {
    for (const code of [
      'validation_failed',
      'invalid_id',
      'invalid_key',
      'invalid_cursor',
      'not_found',
      'already_exists',
      'conflict',
      'in_use',
      'forbidden',
      'transaction_canceled',
      'limit_exceeded',
    ] as const) {
      expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
      expect(httpStatusOf(code)).toBeLessThan(500);
    }
  });
});

describe('costMicroUsd', () => {
  it('prices tokens per million, with cache tokens at the input price unless priced', () => {
    const price = {
      model: 'openai/gpt-4o-mini',
      inputPerMillionUsd: 0.15,
      outputPerMillionUsd: 0.6,
      updatedAt: '2026-11-02T09:00:00.000Z',
    };
    expect(costMicroUsd({ inputTokens: 1_000_000, outputTokens: 0 }, price)).toBe(150_000);
    expect(costMicroUsd({ inputTokens: 1_000, outputTokens: 500 }, price)).toBe(450);
    expect(
      costMicroUsd(
        { inputTokens: 0, outputTokens: 0, cacheReadTokens: 1_000 },
        { ...price, cacheReadPerMillionUsd: 0.015 },
      ),
    ).toBe(15);
    expect(costMicroUsd({ inputTokens: 0, outputTokens: 0, cacheWriteTokens: 1_000 }, price)).toBe(
      150,
    );
  });
});

describe('channel messages', () => {
  it('accepts a well-formed inbound message and rejects identity fields or oversized text', async () => {
    const { inboundMessageSchema } = await import('./schemas/channel.js');
    const message = {
      channel: 'telegram',
      eventId: '827364512',
      channelUserId: '123456789',
      chatId: '123456789',
      text: '/start 7KQ2M9XD',
      attachments: [],
      isDirectMessage: true,
      receivedAt: '2026-11-02T09:00:00.000Z',
    };
    expect(inboundMessageSchema.safeParse(message).success).toBe(true);
    expect(inboundMessageSchema.safeParse({ ...message, employeeId: 'emp-wjd' }).success).toBe(
      false,
    );
    expect(inboundMessageSchema.safeParse({ ...message, text: 'x'.repeat(64_001) }).success).toBe(
      false,
    );
    expect(inboundMessageSchema.safeParse({ ...message, channel: 'slack' }).success).toBe(false);
  });
});
