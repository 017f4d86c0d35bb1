import { z } from 'zod';
import { channelSchema, channelUserIdSchema, idSchema } from './primitives.js';

/**
 * How a conversation reached an agent. The router turns session ids into access paths
 * (`emp__`, `pgnd__`, `twin__`, `admin__`, `tg__`/`dc__`/`fs__`, `shared__`); the assembler writes a
 * SESSION_CONTEXT.md for each kind and decides what a turn may write back.
 */
export const accessPathSchema = z.discriminatedUnion('kind', [
  /** A verified employee on the portal or a bound IM channel (`emp__`, legacy `pt__`): one session per employee. */
  z.strictObject({
    kind: z.literal('employee'),
    employeeId: idSchema,
    /** Where this message came from; every channel shares the one session. */
    via: z.enum(['portal', ...channelSchema.options]).optional(),
  }),
  /** An admin testing as the employee (`pgnd__`): memory is read-only, nothing is written back. */
  z.strictObject({ kind: z.literal('playground'), employeeId: idSchema, operatorId: idSchema }),
  /** An unverified visitor on the employee's Digital Twin link (`twin__`): one session per visitor. */
  z.strictObject({
    kind: z.literal('twin'),
    employeeId: idSchema,
    visitorId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'must be an opaque visitor id' }),
  }),
  /** The IT admin assistant (`admin__`). */
  z.strictObject({ kind: z.literal('admin'), adminId: idSchema }),
  /** An IM account that is not paired yet (`tg__`, `dc__`, `fs__`): gets pairing instructions only. */
  z.strictObject({
    kind: z.literal('unpaired'),
    channel: channelSchema,
    channelUserId: channelUserIdSchema,
  }),
  /** An always-on team agent (`shared__{agent}`), called by a verified employee when there is one. */
  z.strictObject({
    kind: z.literal('shared'),
    agentId: idSchema,
    callerEmployeeId: idSchema.optional(),
  }),
]);
export type AccessPath = z.infer<typeof accessPathSchema>;
export type AccessPathKind = AccessPath['kind'];
export const ACCESS_PATH_KINDS: readonly AccessPathKind[] = [
  'employee',
  'playground',
  'twin',
  'admin',
  'unpaired',
  'shared',
];
