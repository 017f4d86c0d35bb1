import { describe, expect, it, vi } from 'vitest';
import { ApiError, describeError } from './api-error.js';
import { ApiClient } from './client.js';
import { endpoints } from './endpoints.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function fakeFetch(answers: ((url: string, init: RequestInit) => Response)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetcher = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${url}`);
    return answer(url, init);
  });
  return { fetcher: fetcher as unknown as typeof fetch, calls };
}

describe('ApiClient', () => {
  it('sends JSON with the session cookie and returns the JSON answer', async () => {
    const { fetcher, calls } = fakeFetch([() => json(201, { id: 'finance' })]);
    const client = new ApiClient({ fetch: fetcher });
    const created = await client.call<{ id: string }>(endpoints.createDepartment, {
      body: { id: 'finance', name: 'Finance', parentId: null },
    });
    expect(created).toEqual({ id: 'finance' });
    expect(calls[0]?.url).toBe('/api/v1/departments');
    expect(calls[0]?.init).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      body: JSON.stringify({ id: 'finance', name: 'Finance', parentId: null }),
    });
    const headers = calls[0]?.init.headers as Record<string, string> | undefined;
    expect(headers?.['content-type']).toBe('application/json');
  });

  it('encodes path parameters, keeps the slashes of a rest parameter, drops empty query values', () => {
    const client = new ApiClient();
    expect(client.url(endpoints.setPrice, { path: { model: 'openai/gpt 4' } })).toBe(
      '/api/v1/prices/openai/gpt%204',
    );
    expect(
      client.url(endpoints.deleteDepartment, {
        path: { departmentId: 'a/b' },
        query: { force: undefined },
      }),
    ).toBe('/api/v1/departments/a%2Fb');
    expect(client.url(endpoints.audit, { query: { type: 'auth.', limit: 25, text: '' } })).toBe(
      '/api/v1/audit?type=auth.&limit=25',
    );
  });

  it('turns the stack’s error body into an ApiError with its code and field problems', async () => {
    const { fetcher } = fakeFetch([
      () =>
        json(400, {
          error: {
            code: 'validation_failed',
            message: 'body is invalid',
            details: [{ path: 'name', code: 'too_small', message: 'must not be empty' }],
          },
        }),
    ]);
    const client = new ApiClient({ fetch: fetcher });
    const failure = await client
      .call(endpoints.createDepartment, { body: {} })
      .catch((error) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((failure as ApiError).fieldProblems).toEqual([
      { path: 'name', code: 'too_small', message: 'must not be empty' },
    ]);
    expect(describeError(failure)).toBe('Body is invalid.');
  });

  it('answers undefined for 204 and names a network failure', async () => {
    const { fetcher } = fakeFetch([
      () => new Response(null, { status: 204 }),
      () => {
        throw new TypeError('Failed to fetch');
      },
    ]);
    const client = new ApiClient({ fetch: fetcher });
    expect(await client.call(endpoints.logout)).toBeUndefined();
    const failure = await client.call(endpoints.me).catch((error) => error);
    expect(failure).toMatchObject({ code: 'network', status: 0 });
    expect(describeError(failure)).toContain('cannot be reached');
  });

  it('renews a lapsed session once with the refresh cookie and repeats the request', async () => {
    const { fetcher, calls } = fakeFetch([
      () => json(401, { error: { code: 'unauthorized', message: 'sign in first', details: null } }),
      () => json(200, { employee: {}, tokens: {} }),
      () => json(200, { employee: { id: 'emp-carol' } }),
    ]);
    const client = new ApiClient({ fetch: fetcher });
    const ended = vi.fn();
    client.onSessionEnded(ended);
    expect(await client.call(endpoints.me)).toEqual({ employee: { id: 'emp-carol' } });
    expect(calls.map((call) => call.url)).toEqual([
      '/api/v1/auth/me',
      '/api/v1/auth/refresh',
      '/api/v1/auth/me',
    ]);
    expect(ended).not.toHaveBeenCalled();
  });

  it('ends the session when renewing fails, and never renews for sign-in itself', async () => {
    const unauthorized = () =>
      json(401, { error: { code: 'unauthorized', message: 'no', details: null } });
    const { fetcher, calls } = fakeFetch([unauthorized, unauthorized, unauthorized]);
    const client = new ApiClient({ fetch: fetcher });
    const ended = vi.fn();
    client.onSessionEnded(ended);
    await expect(client.call(endpoints.me)).rejects.toMatchObject({ status: 401 });
    expect(ended).toHaveBeenCalledTimes(1);
    await expect(client.call(endpoints.login, { body: {} })).rejects.toMatchObject({ status: 401 });
    expect(calls.map((call) => call.url)).toEqual([
      '/api/v1/auth/me',
      '/api/v1/auth/refresh',
      '/api/v1/auth/login',
    ]);
    expect(ended).toHaveBeenCalledTimes(1);
  });
});
