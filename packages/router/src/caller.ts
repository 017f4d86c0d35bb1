import {
  type AccessPath,
  assertAuthorized,
  type Binding,
  ClawforceError,
  channelSchema,
  channelUserIdSchema,
  createPrincipal,
  type Employee,
  idSchema,
  type OrgStore,
  parse,
  scopeTwinVisitor,
} from '@clawforce/core';
import { z } from 'zod';
import { sha256Hex } from './internal/digest.js';
import { formatSessionId } from './session-id.js';

/** A visitor id as the twin page keeps it (a random opaque id in a cookie). */
const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Twin tokens are base64url; anything else cannot be one and is simply not found. */
const TWIN_TOKEN = /^[A-Za-z0-9_-]{16,256}$/;

/**
 * A caller as established by a verified source. Nothing here comes from message text: the portal
 * subject comes from a verified JWT, the IM account from a verified webhook, the twin token from
 * the link's URL, the admin from the console's authenticated session.
 */
export const callerRequestSchema = z.discriminatedUnion('source', [
  /** The `sub` of a verified portal JWT: an employee id. */
  z.strictObject({ source: z.literal('portal'), subject: idSchema }),
  /** A message from a verified IM webhook. */
  z.strictObject({
    source: z.literal('im'),
    channel: channelSchema,
    channelUserId: channelUserIdSchema,
  }),
  /** A Digital Twin page request: the token from the URL, the visitor id from its cookie. */
  z.strictObject({
    source: z.literal('twin'),
    token: z.string().max(1_024),
    visitorId: z.string().regex(VISITOR_ID, { error: 'must be an opaque visitor id' }),
  }),
  /** An authenticated console user: the admin assistant, or the playground when `actingAs` is set. */
  z.strictObject({ source: z.literal('admin'), adminId: idSchema, actingAs: idSchema.optional() }),
]);
export type CallerRequest = z.input<typeof callerRequestSchema>;

export interface ResolvedCaller {
  readonly accessPath: AccessPath;
  readonly sessionId: string;
  /** The employee the session belongs to (absent for unpaired IM accounts and the admin assistant). */
  readonly employee?: Employee;
  /** The IM binding that identified the caller. */
  readonly binding?: Binding;
}

/** Twin sessions are scoped per link with core's `scopeTwinVisitor` (re-exported here for convenience). */
export { scopeTwinVisitor };

const resolved = (
  accessPath: AccessPath,
  extra: { employee?: Employee; binding?: Binding } = {},
): ResolvedCaller => ({ accessPath, sessionId: formatSessionId(accessPath), ...extra });

function active(employee: Employee | undefined, id: string): Employee {
  if (!employee) throw new ClawforceError('not_found', `employee ${id} not found`);
  if (employee.status !== 'active') {
    throw new ClawforceError('forbidden', `employee ${id} is ${employee.status}`);
  }
  return employee;
}

/** Resolves a verified caller to an access path (see {@link callerRequestSchema}). */
export async function resolveCaller(org: OrgStore, input: CallerRequest): Promise<ResolvedCaller> {
  const request = parse(callerRequestSchema, input, 'caller request');
  switch (request.source) {
    case 'portal': {
      const employee = active(await org.getEmployee(request.subject), request.subject);
      return resolved({ kind: 'employee', employeeId: employee.id, via: 'portal' }, { employee });
    }
    case 'im': {
      const binding = await org.getBinding(request.channel, request.channelUserId);
      if (!binding) {
        // Unpaired accounts get a raw session: pairing instructions only, no agent, no memory.
        return resolved({
          kind: 'unpaired',
          channel: request.channel,
          channelUserId: request.channelUserId,
        });
      }
      const employee = active(await org.getEmployee(binding.employeeId), binding.employeeId);
      return resolved(
        { kind: 'employee', employeeId: employee.id, via: request.channel },
        { employee, binding },
      );
    }
    case 'twin': {
      const gone = () => new ClawforceError('not_found', 'this Digital Twin link does not exist');
      if (!TWIN_TOKEN.test(request.token)) throw gone();
      const tokenHash = sha256Hex(request.token);
      // Never cached: a disabled link must stop resolving on the very next request.
      const link = await org.resolveTwinToken(tokenHash);
      if (!link) throw gone();
      const employee = await org.getEmployee(link.employeeId);
      if (employee?.status !== 'active') throw gone();
      return resolved(
        {
          kind: 'twin',
          employeeId: employee.id,
          visitorId: scopeTwinVisitor(tokenHash, request.visitorId),
        },
        { employee },
      );
    }
    case 'admin': {
      const admin = active(await org.getEmployee(request.adminId), request.adminId);
      if (request.actingAs === undefined) {
        if (admin.role !== 'admin') {
          throw new ClawforceError('forbidden', `${admin.id} is not an admin`);
        }
        return resolved({ kind: 'admin', adminId: admin.id }, { employee: admin });
      }
      const employee = await org.getEmployee(request.actingAs);
      if (!employee)
        throw new ClawforceError('not_found', `employee ${request.actingAs} not found`);
      const principal = createPrincipal(admin, await org.departmentTree());
      assertAuthorized(principal, 'agent:playground', {
        employeeId: employee.id,
        departmentId: employee.departmentId,
      });
      return resolved(
        { kind: 'playground', employeeId: employee.id, operatorId: admin.id },
        { employee },
      );
    }
  }
}
