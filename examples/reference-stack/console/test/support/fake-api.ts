import { vi } from 'vitest';

export type Handler = (request: { url: URL; body: unknown }) => Response | Promise<Response>;

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A text/event-stream response sending `events` one chunk each. */
export function serverSentEvents(events: readonly [string, unknown][]): Response {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const [name, data] of events) {
          controller.enqueue(encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`));
        }
        controller.close();
      },
    }),
    { status: 200, headers: { 'content-type': 'text/event-stream' } },
  );
}

/**
 * Replaces `fetch` with routes keyed "METHOD /path" (no query). For component tests only: the
 * shipped console always talks to the real API. Unrouted requests fail the test loudly.
 */
export function fakeApi(routes: Record<string, Handler>) {
  const requests: string[] = [];
  const fetcher = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://console.test');
    const key = `${init.method ?? 'GET'} ${url.pathname}`;
    requests.push(key);
    const handler = routes[key];
    if (!handler) throw new Error(`no fake route for ${key}`);
    return handler({ url, body: init.body ? JSON.parse(String(init.body)) : undefined });
  });
  vi.stubGlobal('fetch', fetcher);
  return { requests };
}

export const carol = {
  employee: {
    id: 'emp-carol',
    employeeNumber: 'ACME-0020',
    name: 'Carol Zhang',
    email: 'carol@acme.example',
    role: 'employee',
    departmentId: 'finance',
    positionId: 'pos-finance-analyst',
    status: 'active',
    flags: [],
    preferences: '',
    createdAt: '2026-11-26T10:45:59.142Z',
    updatedAt: '2026-11-26T10:45:59.142Z',
  },
  role: 'employee',
  managedDepartmentIds: [],
  mustChangePassword: false,
};
