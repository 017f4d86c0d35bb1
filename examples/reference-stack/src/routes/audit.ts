import {
  type AuditEvent,
  type AuditQuery,
  auditEventSchema,
  auditEventTypeSchema,
  idSchema,
  type Principal,
  timestampSchema,
} from '@clawforce/core';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { DEFAULT_PAGE_SIZE, pageOf, pageQuery } from '../http/schemas.js';
import { employeeResource, selfResource } from './resources.js';

/** An event type, or a prefix ending in `.` (`employee.`). */
const typeFilter = z.union([
  auditEventTypeSchema,
  z
    .string()
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*\.$/, { error: 'must be a type or prefix.' }),
]);

const filters = {
  type: typeFilter.optional(),
  actorId: z.string().min(1).max(200).optional(),
  employeeId: idSchema.optional(),
  from: timestampSchema.optional(),
  to: timestampSchema.optional(),
  text: z.string().min(1).max(200).optional(),
  order: z.enum(['asc', 'desc']).optional(),
};
const auditQuery = z.strictObject({ ...filters, ...pageQuery });
type Filters = z.output<typeof auditQuery>;

/** The audit query a caller may run: admins anything, managers their subtree, employees themselves. */
function scopedQuery(principal: Principal, query: Filters): AuditQuery {
  const base: AuditQuery = {
    ...(query.type ? { type: query.type } : {}),
    ...(query.actorId ? { actorId: query.actorId } : {}),
    ...(query.employeeId ? { employeeId: query.employeeId } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.text ? { text: query.text } : {}),
    ...(query.order ? { order: query.order } : {}),
  };
  if (principal.role === 'admin') return base;
  if (principal.role === 'manager' && query.employeeId !== principal.employeeId) {
    return { ...base, departmentIds: [...principal.managedDepartmentIds] };
  }
  return { ...base, employeeId: principal.employeeId };
}

const CSV_COLUMNS = [
  'seq',
  'at',
  'type',
  'actorKind',
  'actorId',
  'employeeId',
  'departmentId',
  'targetKind',
  'targetId',
  'summary',
  'details',
  'hash',
] as const;

/** One CSV field: quoted when needed; a leading = + - @ is defused against spreadsheet formulas. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsvRow(event: AuditEvent): string {
  const fields = [
    String(event.seq),
    event.at,
    event.type,
    event.actor.kind,
    event.actor.id,
    event.employeeId ?? '',
    event.departmentId ?? '',
    event.target?.kind ?? '',
    event.target?.id ?? '',
    event.summary,
    event.details ? JSON.stringify(event.details) : '',
    event.hash,
  ];
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** The export stops after this many events; narrow the filters for more. */
export const AUDIT_EXPORT_MAX_EVENTS = 100_000;

export function auditRoutes(context: StackContext): RouteDefinition[] {
  const { audit, org } = context.stores;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/audit',
      summary:
        'Audit events, newest first, filtered by type (or prefix), actor, employee, time range and text; cursor paging. Managers see their subtree, employees events about themselves.',
      tags: ['audit'],
      action: 'audit:read',
      query: auditQuery,
      resource: ({ query, principal }) =>
        query.employeeId ? employeeResource(org, query.employeeId) : selfResource(principal),
      response: pageOf(auditEventSchema),
      handler: ({ query, principal }) =>
        audit.query({
          ...scopedQuery(principal, query),
          limit: query.limit ?? DEFAULT_PAGE_SIZE,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        }),
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/audit/export.csv',
      summary: `The filtered audit trail as CSV (at most ${AUDIT_EXPORT_MAX_EVENTS} events).`,
      tags: ['audit'],
      action: 'audit:export',
      query: z.strictObject(filters),
      produces: 'text/csv',
      handler: async ({ query, principal, h }) => {
        const scoped = scopedQuery(principal, query);
        const rows = [`${CSV_COLUMNS.join(',')}\r\n`];
        let cursor: string | undefined;
        let count = 0;
        do {
          const page = await audit.query({
            ...scoped,
            limit: 1_000,
            ...(cursor ? { cursor } : {}),
          });
          for (const event of page.items) rows.push(auditCsvRow(event));
          count += page.items.length;
          cursor = page.cursor;
        } while (cursor && count < AUDIT_EXPORT_MAX_EVENTS);
        return h
          .response(rows.join(''))
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="clawforce-audit.csv"');
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/audit/verify',
      summary: 'Recompute the hash chain of the whole audit trail and check it against its head.',
      tags: ['audit'],
      action: 'audit:verify',
      response: z.union([
        z.strictObject({ ok: z.literal(true), checked: z.int(), headSeq: z.int() }),
        z.strictObject({
          ok: z.literal(false),
          checked: z.int(),
          brokenAt: z.int(),
          reason: z.string(),
        }),
      ]),
      handler: () => audit.verify(),
    }),
  ];
}
