import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStack, TEST_PASSWORD, type TestStack } from '../testing/harness.js';
import { loadJwtSecret } from './jwt-secret.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';

const cheap = { cost: 2 ** 10, blockSize: 8, parallelization: 1 };

async function login(
  stack: TestStack,
  employeeId: string,
  password = TEST_PASSWORD,
  remoteAddress = '10.1.1.1',
) {
  return stack.api.server.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { employeeId, password },
    remoteAddress,
  });
}

const tokensOf = (response: { result: unknown }) =>
  (response.result as { tokens: { accessToken: string; refreshToken: string } }).tokens;

const me = (stack: TestStack, token: string) =>
  stack.api.server.inject({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers: { authorization: `Bearer ${token}` },
  });

describe('passwords', () => {
  it('hashes with scrypt and a per-hash salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse', cheap);
    const second = await hashPassword('correct horse', cheap);
    expect(first.scheme).toBe('scrypt');
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('correct horsf', first)).toBe(false);
    expect(await verifyPassword('x'.repeat(10_000), first)).toBe(false);
  });

  it('generates long random passwords', () => {
    const passwords = new Set(Array.from({ length: 50 }, generatePassword));
    expect(passwords.size).toBe(50);
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});

describe('JWT secret', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'clawforce-secret-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('is generated once into the data dir with mode 0600 and reused after a restart', async () => {
    const first = await loadJwtSecret({ fromEnvironment: undefined, dataDir: directory });
    expect(first.source).toBe('generated');
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    const file = join(directory, 'jwt-secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const second = await loadJwtSecret({ fromEnvironment: '', dataDir: directory });
    expect(second).toEqual({ secret: first.secret, source: 'data-dir' });
    expect((await readFile(file, 'utf8')).trim()).toBe(first.secret);
  });

  it('prefers JWT_SECRET and refuses a short one', async () => {
    const secret = 's'.repeat(40);
    expect(await loadJwtSecret({ fromEnvironment: secret, dataDir: directory })).toEqual({
      secret,
      source: 'environment',
    });
    await expect(loadJwtSecret({ fromEnvironment: 'short', dataDir: directory })).rejects.toThrow(
      /at least 32/,
    );
  });
});

describe('sign-in', () => {
  let stack: TestStack;
  beforeEach(async () => {
    stack = await createTestStack({
      loginLimits: {
        perEmployee: { limit: 3, windowMs: 60_000 },
        perAddress: { limit: 5, windowMs: 60_000 },
      },
    });
  });

  it('returns tokens, sets httpOnly SameSite=Strict cookies, and the cookie alone authenticates', async () => {
    const response = await login(stack, 'emp-carol');
    expect(response.statusCode).toBe(200);
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    const access = cookies.find((cookie) => cookie.startsWith('clawforce_access='));
    expect(access).toMatch(/HttpOnly/);
    expect(access).toMatch(/SameSite=Strict/);
    expect(access).toMatch(/Max-Age=900/);
    expect(cookies.find((cookie) => cookie.startsWith('clawforce_refresh='))).toMatch(
      /Path=\/api\/v1\/auth/,
    );
    const cookie = (access as string).split(';')[0] as string;
    const viaCookie = await stack.api.server.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie },
    });
    expect(viaCookie.statusCode).toBe(200);
    expect((viaCookie.result as { employee: { id: string } }).employee.id).toBe('emp-carol');
    expect(JSON.stringify(response.result)).not.toContain('hash');
  });

  it('answers a wrong password and an unknown id with the same error', async () => {
    const wrongPassword = await login(stack, 'emp-carol', 'not-the-password', '10.0.0.1');
    const unknownId = await login(stack, 'emp-nobody', 'not-the-password', '10.0.0.2');
    const malformedId = await login(stack, 'Robert"); DROP', 'not-the-password', '10.0.0.3');
    for (const response of [wrongPassword, unknownId, malformedId]) {
      expect(response.statusCode).toBe(401);
      expect(response.result).toEqual({
        error: {
          code: 'unauthorized',
          message: 'the employee id or the password is wrong',
          details: null,
        },
      });
    }
  });

  it('locks an employee id after repeated failures, from any address, until the window passes', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(
        (await login(stack, 'emp-carol', 'wrong-password', `10.0.1.${attempt}`)).statusCode,
      ).toBe(401);
    }
    const locked = await login(stack, 'emp-carol', TEST_PASSWORD, '10.0.2.1');
    expect(locked.statusCode).toBe(429);
    expect((locked.result as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another employee from the same addresses is not affected.
    expect((await login(stack, 'emp-david', TEST_PASSWORD, '10.0.1.0')).statusCode).toBe(200);
  });

  it('limits failures per client address across employee ids', async () => {
    const ids = ['emp-a1', 'emp-a2', 'emp-a3', 'emp-a4', 'emp-a5'];
    for (const id of ids)
      expect((await login(stack, id, 'wrong-password', '10.9.9.9')).statusCode).toBe(401);
    expect((await login(stack, 'emp-carol', TEST_PASSWORD, '10.9.9.9')).statusCode).toBe(429);
    expect((await login(stack, 'emp-carol', TEST_PASSWORD, '10.9.9.10')).statusCode).toBe(200);
  });

  it('a success clears the employee id counter', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await login(stack, 'emp-carol', 'wrong-password', '10.0.3.1');
    }
    expect((await login(stack, 'emp-carol', TEST_PASSWORD, '10.0.3.2')).statusCode).toBe(200);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect((await login(stack, 'emp-carol', 'wrong-password', '10.0.3.3')).statusCode).toBe(401);
    }
  });

  it('refuses suspended employees like wrong passwords', async () => {
    await stack.stores.org.updateEmployee('emp-david', { status: 'suspended' });
    expect((await login(stack, 'emp-david')).statusCode).toBe(401);
  });

  it('rejects bodies with unknown fields or oversized passwords before any work', async () => {
    const extra = await stack.api.server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { employeeId: 'emp-carol', password: TEST_PASSWORD, admin: true },
    });
    expect(extra.statusCode).toBe(400);
    const huge = await login(stack, 'emp-carol', 'x'.repeat(300));
    expect(huge.statusCode).toBe(400);
  });
});

describe('tokens', () => {
  let stack: TestStack;
  let clock: number;
  beforeEach(async () => {
    clock = Date.parse('2026-11-26T12:00:00.000Z');
    stack = await createTestStack({ now: () => clock });
  });

  it('expire after 15 minutes; the refresh token gets a new pair and works only once', async () => {
    const tokens = tokensOf(await login(stack, 'emp-carol'));
    expect((await me(stack, tokens.accessToken)).statusCode).toBe(200);
    clock += 15 * 60_000;
    expect((await me(stack, tokens.accessToken)).statusCode).toBe(401);

    const refreshed = await stack.api.server.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: tokens.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    expect((await me(stack, tokensOf(refreshed).accessToken)).statusCode).toBe(200);
    const replay = await stack.api.server.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: tokens.refreshToken },
    });
    expect(replay.statusCode).toBe(401);
  });

  it('sign-out revokes every access and refresh token of the employee', async () => {
    const phone = tokensOf(await login(stack, 'emp-carol'));
    const laptop = tokensOf(await login(stack, 'emp-carol'));
    const out = await stack.api.server.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${laptop.accessToken}` },
      payload: {},
    });
    expect(out.statusCode).toBe(204);
    expect((await me(stack, phone.accessToken)).statusCode).toBe(401);
    expect((await me(stack, laptop.accessToken)).statusCode).toBe(401);
    for (const refreshToken of [phone.refreshToken, laptop.refreshToken]) {
      const refreshed = await stack.api.server.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refreshToken },
      });
      expect(refreshed.statusCode).toBe(401);
    }
    expect((await login(stack, 'emp-carol')).statusCode).toBe(200);
  });

  it('a role change or a suspension revokes the tokens at once', async () => {
    const carol = tokensOf(await login(stack, 'emp-carol'));
    const david = tokensOf(await login(stack, 'emp-david'));
    const admin = await stack.token('emp-admin');
    const promote = await stack.request('PUT', '/api/v1/employees/emp-carol', {
      as: 'emp-admin',
      payload: { role: 'manager' },
    });
    expect(promote.statusCode).toBe(200);
    expect((await me(stack, carol.accessToken)).statusCode).toBe(401);
    const suspend = await stack.request('PUT', '/api/v1/employees/emp-david', {
      as: 'emp-admin',
      payload: { status: 'suspended' },
    });
    expect(suspend.statusCode).toBe(200);
    expect((await me(stack, david.accessToken)).statusCode).toBe(401);
    expect((await me(stack, admin)).statusCode).toBe(200);
    const again = await login(stack, 'emp-carol');
    expect((await me(stack, tokensOf(again).accessToken)).result).toMatchObject({
      role: 'manager',
    });
  });

  it('a token of a deleted employee never works for a new employee with the same id', async () => {
    const old = tokensOf(await login(stack, 'emp-david'));
    const removed = await stack.request('DELETE', '/api/v1/employees/emp-david', {
      as: 'emp-admin',
    });
    expect(removed.statusCode).toBe(200);
    const recreated = await stack.request('POST', '/api/v1/employees', {
      as: 'emp-admin',
      payload: {
        id: 'emp-david',
        employeeNumber: 'ACME-7777',
        name: 'David Again',
        email: 'david.again@acme.example',
        role: 'employee',
        departmentId: 'finance',
        positionId: 'pos-finance-analyst',
        initialPassword: 'first-password-1',
      },
    });
    expect(recreated.statusCode).toBe(201);
    expect((await me(stack, old.accessToken)).statusCode).toBe(401);
    // The old password is gone too; the new one works and must be changed first.
    expect((await login(stack, 'emp-david', TEST_PASSWORD)).statusCode).toBe(401);
    const fresh = await login(stack, 'emp-david', 'first-password-1');
    expect(fresh.statusCode).toBe(200);
    expect(fresh.result).toMatchObject({ mustChangePassword: true });
  });

  it('a forced password change blocks everything else until the password is changed', async () => {
    const reset = await stack.request('PUT', '/api/v1/employees/emp-carol/password', {
      as: 'emp-admin',
      payload: { password: 'temporary-pass-1' },
    });
    expect(reset.statusCode).toBe(204);
    const signedIn = await login(stack, 'emp-carol', 'temporary-pass-1');
    expect(signedIn.result).toMatchObject({ mustChangePassword: true });
    const token = tokensOf(signedIn).accessToken;
    const blocked = await stack.api.server.inject({
      method: 'GET',
      url: '/api/v1/employees/emp-carol',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(blocked.statusCode).toBe(403);
    expect((blocked.result as { error: { code: string } }).error.code).toBe(
      'password_change_required',
    );
    expect((await me(stack, token)).statusCode).toBe(200);

    const wrongCurrent = await stack.api.server.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { authorization: `Bearer ${token}` },
      payload: { currentPassword: 'not-it-at-all', newPassword: 'my-own-password-1' },
    });
    expect(wrongCurrent.statusCode).toBe(403);
    const weak = await stack.api.server.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { authorization: `Bearer ${token}` },
      payload: { currentPassword: 'temporary-pass-1', newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    const changed = await stack.api.server.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { authorization: `Bearer ${token}` },
      payload: { currentPassword: 'temporary-pass-1', newPassword: 'my-own-password-1' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.result).toMatchObject({ mustChangePassword: false });
    expect((await me(stack, token)).statusCode).toBe(401);
    const next = tokensOf(changed).accessToken;
    const allowed = await stack.api.server.inject({
      method: 'GET',
      url: '/api/v1/employees/emp-carol',
      headers: { authorization: `Bearer ${next}` },
    });
    expect(allowed.statusCode).toBe(200);
    expect((await login(stack, 'emp-carol', 'my-own-password-1')).statusCode).toBe(200);
    expect((await login(stack, 'emp-carol', 'temporary-pass-1')).statusCode).toBe(401);
  });

  it('refuses tokens signed with another key or for another audience', async () => {
    const { default: Jwt } = await import('@hapi/jwt');
    const forged = Jwt.token.generate(
      { aud: 'clawforce-api', iss: 'clawforce', sub: 'emp-admin', ver: 1, exp: clock / 1000 + 600 },
      { key: 'another-secret-another-secret-another-secret', algorithm: 'HS256' },
    );
    expect((await me(stack, forged)).statusCode).toBe(401);
    const none = Jwt.token.generate(
      { aud: 'clawforce-api', iss: 'clawforce', sub: 'emp-admin', ver: 1, exp: clock / 1000 + 600 },
      { key: '', algorithm: 'none' },
    );
    expect((await me(stack, none)).statusCode).toBe(401);
  });
});
