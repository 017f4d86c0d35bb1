import { channelSchema, idSchema } from '@clawforce/core';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import type { HeartbeatScheduler } from './scheduler.js';

const runSchema = z.strictObject({
  startedAt: z.string(),
  finishedAt: z.string(),
  outcomes: z.array(
    z.strictObject({
      employeeId: idSchema,
      result: z.enum(['reminded', 'acknowledged', 'skipped', 'failed']),
      reason: z.string().optional(),
      channel: channelSchema.optional(),
    }),
  ),
});

/** `POST /api/v1/heartbeat/run`: an administrator runs the heartbeat now instead of waiting. */
export function heartbeatRoutes(heartbeat: HeartbeatScheduler): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/heartbeat/run',
      summary:
        'Run the heartbeat now: one turn for every employee with something in HEARTBEAT.md and a bound IM channel; a reminder goes to their preferred channel, HEARTBEAT_OK sends nothing. Joins a run already under way. Admins only (a platform setting); answers when every turn is done.',
      tags: ['settings'],
      action: 'settings:update',
      response: runSchema,
      handler: () => heartbeat.runOnce(),
    }),
  ];
}
