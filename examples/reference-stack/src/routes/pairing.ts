import { channelSchema } from '@clawforce/core';
import { PAIRING_CODE_KIND } from '@clawforce/pairing';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { selfResource } from './resources.js';

export function pairingRoutes(context: StackContext): RouteDefinition[] {
  const { org, tokens } = context.stores;
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/portal/pairing',
      summary:
        'Start pairing an IM account: a code valid 10 minutes, a deep link and a QR code (SVG, rendered here). Send the code to the bot, then reply BIND.',
      tags: ['portal', 'pairing'],
      action: 'binding:create',
      resource: ({ principal }) => selfResource(principal),
      payload: z.strictObject({ channel: channelSchema }),
      response: z.strictObject({
        code: z.string(),
        displayCode: z.string(),
        channel: channelSchema,
        expiresAt: z.string(),
        link: z.strictObject({
          url: z.string(),
          carriesCode: z.boolean(),
          instruction: z.string(),
        }),
        qrSvg: z.string(),
      }),
      status: 201,
      handler: ({ principal, payload }) =>
        context.pairing.startPairing({
          employeeId: principal.employeeId,
          channel: payload.channel,
        }),
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/portal/pairing',
      summary:
        'Pairing status: your codes still waiting to be used (channel, expiry) and your paired accounts. Poll it while the pairing page is open.',
      tags: ['portal', 'pairing'],
      action: 'binding:list',
      resource: ({ principal }) => selfResource(principal),
      query: z.strictObject({ channel: channelSchema.optional() }),
      response: z.strictObject({
        pending: z.array(z.strictObject({ channel: z.string(), expiresAt: z.string() })),
        bound: z.array(
          z.strictObject({ channel: z.string(), channelUserId: z.string(), pairedAt: z.string() }),
        ),
      }),
      handler: async ({ principal, query }) => {
        const pending = (await tokens.listByOwner(PAIRING_CODE_KIND, principal.employeeId))
          .map((record) => ({ channel: String(record.data.channel), expiresAt: record.expiresAt }))
          .filter((code) => !query.channel || code.channel === query.channel);
        const bound = (await org.listBindingsByEmployee(principal.employeeId))
          .filter((binding) => !query.channel || binding.channel === query.channel)
          .map((binding) => ({
            channel: binding.channel,
            channelUserId: binding.channelUserId,
            pairedAt: binding.pairedAt,
          }));
        return { pending, bound };
      },
    }),
  ];
}
