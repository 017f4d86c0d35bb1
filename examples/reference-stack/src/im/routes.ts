import { type Channel, channelSchema, idSchema } from '@clawforce/core';
import type { ServerRoute } from '@hapi/hapi';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { listOf } from '../http/schemas.js';
import { actorOf } from '../routes/actor.js';
import { employeeResource } from '../routes/resources.js';
import { noticeTextSchema } from './notices.js';
import { type ImService, webhookPathOf } from './service.js';

/** Platforms send small events; anything bigger is refused (413) before it is read. */
export const WEBHOOK_MAX_BYTES = 1_048_576;

const SUMMARIES: Record<Channel, string> = {
  telegram:
    'Telegram webhook: verified by the X-Telegram-Bot-Api-Secret-Token header, acknowledged at once, answered in the same chat. 404 not_available while the channel has no credentials.',
  discord:
    'Discord interactions endpoint: Ed25519 signature and timestamp checked, PING answered, slash commands deferred and answered as followups. 404 not_available while the channel has no credentials.',
  feishu:
    'Feishu event endpoint: X-Lark-Signature over the exact body, AES events decrypted, url_verification answered, acknowledged at once. 404 not_available while the channel has no credentials.',
};

/**
 * `POST /im/<channel>`: the adapter's framework-neutral webhook on hapi. The body stays unparsed
 * (signatures cover the exact bytes); the status, headers and body the handler returns are sent
 * back as they are. Public (the platform authenticates by signature or secret, not by session).
 */
function webhookRoute(im: ImService, channel: Channel): RouteDefinition {
  const path = webhookPathOf(channel);
  const handler: ServerRoute['handler'] = async (request, h) => {
    const active = im.channel(channel);
    if (!active) {
      return h
        .response({
          error: {
            code: 'not_available',
            message: `the ${channel} channel is not enabled on this server`,
            details: null,
          },
        })
        .code(404);
    }
    const body = Buffer.isBuffer(request.payload) ? request.payload : Buffer.alloc(0);
    const result = await active.webhook.handle(
      // Node's incoming headers: lower-case names, string or string[] values.
      { headers: request.headers as Record<string, string | string[] | undefined>, body },
      { remoteAddress: request.info.remoteAddress },
    );
    const response = h.response(result.body).code(result.status);
    for (const [name, value] of Object.entries(result.headers)) response.header(name, value);
    return response;
  };
  return {
    method: 'POST',
    path,
    summary: SUMMARIES[channel],
    tags: ['im'],
    access: 'public',
    params: undefined,
    query: undefined,
    payload: undefined,
    response: undefined,
    produces: 'application/json',
    status: 200,
    maxBytes: WEBHOOK_MAX_BYTES,
    hapi: {
      method: 'POST',
      path,
      handler,
      options: {
        auth: false,
        description: SUMMARIES[channel],
        tags: ['api', 'im'],
        plugins: { clawforce: { public: true } },
        payload: { parse: false, output: 'data', maxBytes: WEBHOOK_MAX_BYTES, failAction: 'error' },
        // Platforms want a 200 for an accepted event, even when its body is empty.
        response: { emptyStatusCode: 200 },
      },
    },
  };
}

const channelStatusSchema = z.strictObject({
  channel: channelSchema,
  enabled: z.boolean(),
  pairable: z.boolean(),
  webhookPath: z.string(),
  receiving: z.array(z.enum(['webhook', 'polling', 'gateway'])),
  reason: z.string().optional(),
});

export function imRoutes(context: StackContext, im: ImService): RouteDefinition[] {
  const { org } = context.stores;
  return [
    webhookRoute(im, 'telegram'),
    webhookRoute(im, 'discord'),
    webhookRoute(im, 'feishu'),

    defineRoute({
      method: 'GET',
      path: '/api/v1/im/channels',
      summary:
        'Which IM channels are on: enabled (credentials in the secret store), pairable (a bot is configured), how messages arrive, and why a channel is off.',
      tags: ['im'],
      action: 'organization:read',
      response: listOf(channelStatusSchema),
      handler: () => ({ items: im.status() }),
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/employees/{employeeId}/notices',
      summary:
        'Send a notice to an employee on their preferred bound IM channel (the first in CHANNELS.md order that is enabled), falling back to the next. Admins; managers for their subtree. Audited.',
      tags: ['im'],
      action: 'notice:send',
      params: z.strictObject({ employeeId: idSchema }),
      resource: ({ params }) => employeeResource(org, params.employeeId),
      payload: z.strictObject({ text: noticeTextSchema }),
      response: z.strictObject({
        channel: channelSchema,
        channelUserId: z.string(),
        parts: z.int(),
        sentAt: z.string(),
      }),
      handler: ({ params, payload, principal }) =>
        im.notices.send({
          employeeId: params.employeeId,
          text: payload.text,
          source: 'admin',
          actor: actorOf(principal),
        }),
    }),
  ];
}
