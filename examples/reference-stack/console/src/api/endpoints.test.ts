import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../../../src/testing/harness.js';
import { buildUrl, endpoints } from './endpoints.js';

/** `{model*}` in a hapi path is `{model}` in the OpenAPI document. */
const openApiPath = (path: string) => path.replace(/\{(\w+)\*\}/g, '{$1}');

describe('the endpoints the console calls', () => {
  let stack: TestStack;
  let document: { paths: Record<string, Record<string, unknown>> };
  beforeAll(async () => {
    stack = await createTestStack();
    document = (await stack.request('GET', '/api/v1/openapi.json')).json() as typeof document;
  });
  afterAll(async () => {
    await stack.api.server.stop();
  });

  it('all exist in the stack’s OpenAPI document with the same method', () => {
    const missing = Object.entries(endpoints)
      .filter(([, endpoint]) => !('expected' in endpoint))
      .filter(
        ([, endpoint]) =>
          !document.paths[openApiPath(endpoint.path)]?.[endpoint.method.toLowerCase()],
      )
      .map(([name, endpoint]) => `${name}: ${endpoint.method} ${endpoint.path}`);
    expect(missing).toEqual([]);
  });

  it('marks as expected only routes the stack does not serve yet (drop the mark once it does)', () => {
    const served = Object.entries(endpoints)
      .filter(([, endpoint]) => 'expected' in endpoint)
      .filter(
        ([, endpoint]) =>
          document.paths[openApiPath(endpoint.path)]?.[endpoint.method.toLowerCase()],
      )
      .map(([name]) => name);
    expect(served).toEqual([]);
  });
});

describe('buildUrl', () => {
  it('fills and encodes path parameters and refuses a missing one', () => {
    expect(
      buildUrl('/api/v1/bindings/{channel}/{channelUserId}', {
        channel: 'telegram',
        channelUserId: 'a b',
      }),
    ).toBe('/api/v1/bindings/telegram/a%20b');
    expect(
      buildUrl('/api/v1/agents/{agentId}/memory/{path*}', {
        agentId: 'emp-carol',
        path: 'memory/2026-11-26.md',
      }),
    ).toBe('/api/v1/agents/emp-carol/memory/memory/2026-11-26.md');
    expect(() => buildUrl('/api/v1/employees/{employeeId}')).toThrow(/employeeId/);
  });
});
