import {
  type Binding,
  bindingSchema,
  channelSchema,
  channelUserIdSchema,
  idSchema,
  type Principal,
} from '@clawforce/core';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { DEFAULT_PAGE_SIZE, listOf, pageOf, pageQuery } from '../http/schemas.js';
import { employeeResource, selfResource } from './resources.js';

const bindingParams = z.strictObject({
  channel: channelSchema,
  channelUserId: channelUserIdSchema,
});

export function bindingRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;

  /** A binding belongs to its employee; an unknown one resolves to nobody (admins get a 404). */
  const bindingResource = async ({ params }: { params: z.output<typeof bindingParams> }) => {
    const binding = await org.getBinding(params.channel, params.channelUserId);
    return binding ? employeeResource(org, binding.employeeId) : {};
  };

  const revoke = async (params: z.output<typeof bindingParams>, principal: Principal) => {
    await context.pairing.revokeBinding({
      by: principal.employeeId,
      channel: params.channel,
      channelUserId: params.channelUserId,
    });
    context.directory.schedule();
  };

  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/portal/bindings',
      summary: 'Your IM accounts: channel, paired at, last active, sessions.',
      tags: ['portal', 'pairing'],
      action: 'binding:list',
      resource: ({ principal }) => selfResource(principal),
      response: listOf(bindingSchema),
      handler: async ({ principal }) => ({
        items: await context.pairing.listBindings({
          by: principal.employeeId,
          employeeId: principal.employeeId,
        }),
      }),
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/portal/bindings/{channel}/{channelUserId}',
      summary: 'Disconnect one of your IM accounts, at once.',
      tags: ['portal', 'pairing'],
      action: 'binding:revoke',
      params: bindingParams,
      resource: bindingResource,
      status: 204,
      handler: async ({ params, principal }) => {
        await revoke(params, principal);
        return undefined;
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/employees/{employeeId}/bindings',
      summary: "An employee's IM accounts.",
      tags: ['pairing'],
      action: 'binding:list',
      params: z.strictObject({ employeeId: idSchema }),
      resource: ({ params }) => employeeResource(org, params.employeeId),
      response: listOf(bindingSchema),
      handler: async ({ params, principal }) => ({
        items: await context.pairing.listBindings({
          by: principal.employeeId,
          employeeId: params.employeeId,
        }),
      }),
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/bindings',
      summary:
        'IM accounts of one channel with paired at, session count and last active. Admins see all; managers those of their subtree; employees their own.',
      tags: ['pairing'],
      action: 'binding:list',
      query: z.strictObject({ channel: channelSchema, ...pageQuery }),
      resource: ({ principal }) => selfResource(principal),
      response: pageOf(bindingSchema),
      handler: async ({ query, principal }) => {
        if (principal.role === 'employee') {
          return {
            items: (await org.listBindingsByEmployee(principal.employeeId)).filter(
              (binding) => binding.channel === query.channel,
            ),
          };
        }
        const paging = {
          limit: query.limit ?? DEFAULT_PAGE_SIZE,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        };
        if (principal.role === 'admin') {
          return context.pairing.listChannelBindings({
            by: principal.employeeId,
            channel: query.channel,
            ...paging,
          });
        }
        const page = await org.listBindingsByChannel(query.channel, paging);
        // Managers: the page filtered to their subtree (a page may come back shorter).
        const owners = await org.getEmployees(page.items.map((binding) => binding.employeeId));
        const items: Binding[] = page.items.filter((_, index) => {
          const owner = owners[index];
          return owner !== undefined && principal.managedDepartmentIds.has(owner.departmentId);
        });
        return { items, ...(page.cursor ? { cursor: page.cursor } : {}) };
      },
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/bindings/{channel}/{channelUserId}',
      summary:
        'Disconnect an IM account (admins: any; managers: their subtree), at once and audited.',
      tags: ['pairing'],
      action: 'binding:revoke',
      params: bindingParams,
      resource: bindingResource,
      status: 204,
      handler: async ({ params, principal }) => {
        await revoke(params, principal);
        return undefined;
      },
    }),
  ];
}
