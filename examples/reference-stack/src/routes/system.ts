import { stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { ClawforceError } from '@clawforce/core';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { definePublicRoute, type RouteDefinition } from '../http/route.js';

/** The placeholder served while the console (issue 8) has not been built. */
export const CONSOLE_NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Clawforce</title></head>
<body><p>The Clawforce console is not built yet.</p></body></html>
`;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export function systemRoutes(
  context: StackContext,
  options: { consoleDir: string; openApi: () => Record<string, unknown> },
): RouteDefinition[] {
  const consoleRoot = normalize(options.consoleDir);
  return [
    definePublicRoute({
      method: 'GET',
      path: '/healthz',
      summary: 'The process is up.',
      tags: ['system'],
      response: z.strictObject({ status: z.literal('ok') }),
      handler: () => ({ status: 'ok' as const }),
    }),

    definePublicRoute({
      method: 'GET',
      path: '/readyz',
      summary: 'The store answers and the agent runtime is ready (503 otherwise, with the reason).',
      tags: ['system'],
      response: z.strictObject({
        ready: z.boolean(),
        store: z.strictObject({ ready: z.boolean(), detail: z.string().optional() }),
        runtime: z.strictObject({ ready: z.boolean(), detail: z.string().optional() }),
      }),
      handler: async ({ h }) => {
        const store = await context.stores.org
          .getOrganization()
          .then((organization) =>
            organization
              ? { ready: true }
              : { ready: false, detail: 'the organization is not set up' },
          )
          .catch(() => ({ ready: false, detail: 'the store does not answer' }));
        const runtime = context.runtime
          ? await context.runtime
              .ready()
              .catch(() => ({ ready: false, detail: 'the runtime does not answer' }))
          : { ready: false, detail: 'no agent runtime is configured' };
        const ready = store.ready && runtime.ready;
        return h.response({ ready, store, runtime }).code(ready ? 200 : 503);
      },
    }),

    definePublicRoute({
      method: 'GET',
      path: '/api/v1/openapi.json',
      summary: 'This API as an OpenAPI 3.1 document, generated from the validation schemas.',
      tags: ['system'],
      handler: () => options.openApi(),
    }),

    definePublicRoute({
      method: 'GET',
      path: '/{path*}',
      summary: 'The console (a single-page app): its files, index.html for every other path.',
      tags: ['system'],
      params: z.strictObject({ path: z.string().max(1_024).optional() }),
      produces: 'text/html',
      handler: async ({ params, h }) => {
        if (/^api(\/|$)/.test(params.path ?? '')) {
          throw new ClawforceError('not_found', `no route ${params.path}`);
        }
        const index = join(consoleRoot, 'index.html');
        if (!(await isFile(index))) {
          return h.response(CONSOLE_NOT_BUILT_PAGE).type('text/html; charset=utf-8');
        }
        const requested = normalize(join(consoleRoot, params.path ?? ''));
        const inside = requested.startsWith(consoleRoot + sep);
        if (inside && (await isFile(requested))) {
          return h.file(requested, { confine: consoleRoot });
        }
        // Client-side routes (/org, /chat …) get the app; API paths never reach here.
        return h.file(index, { confine: consoleRoot }).header('cache-control', 'no-cache');
      },
    }),
  ];
}
