import { randomBytes } from 'node:crypto';
import { ClawforceError, type Employee, idSchema, twinLinkSchema } from '@clawforce/core';
import { formatSessionId } from '@clawforce/router';
import type { Request } from '@hapi/hapi';
import { z } from 'zod';
import { CHAT_MESSAGE_MAX_BYTES } from '../chat/chat-service.js';
import type { StackContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { definePublicRoute, defineRoute, type RouteDefinition } from '../http/route.js';
import { by } from './actor.js';
import { chatMessageSchema, streamChat } from './chat.js';
import { employeeResource, selfResource } from './resources.js';

/** The twin page's visitor cookie: an opaque random id, scoped to the link by the pairing package. */
export const VISITOR_COOKIE = 'clawforce_visitor';

const tokenParams = z.strictObject({
  // Any string up to a bound: a malformed token is simply not found (404), like a disabled one.
  token: z.string().min(1).max(256),
});

const statusSchema = z.strictObject({
  enabled: z.boolean(),
  link: twinLinkSchema.omit({ tokenHash: true }).nullable(),
});

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The public chat page of a twin: plain HTML and a small script, labelled as an AI assistant. */
export function twinPage(input: { name: string; positionName?: string; nonce: string }): string {
  const name = escapeHtml(input.name);
  const position = input.positionName ? ` · ${escapeHtml(input.positionName)}` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${name}'s AI assistant</title>
<style nonce="${input.nonce}">body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:0 auto;padding:1rem}
#log p{margin:.5rem 0;white-space:pre-wrap}.you{text-align:right}form{display:flex;gap:.5rem}
input{flex:1;font:inherit;padding:.5rem}button{font:inherit}.note{color:#555;font-size:.9rem}</style></head>
<body><header><h1>${name}'s AI assistant</h1>
<p class="note">You are chatting with an AI assistant${position}, not with ${name}. ${name} can read this conversation.</p></header>
<main><div id="log" aria-live="polite"></div>
<form id="form"><label for="message" class="note">Message</label><input id="message" maxlength="4000" autocomplete="off" required><button>Send</button></form></main>
<script nonce="${input.nonce}">
const log=document.getElementById('log'),form=document.getElementById('form'),input=document.getElementById('message');
function line(cls,text){const p=document.createElement('p');p.className=cls;p.textContent=text;log.append(p);return p;}
form.addEventListener('submit',async(e)=>{e.preventDefault();const message=input.value.trim();if(!message)return;input.value='';
line('you',message);const out=line('agent','…');let text='';
try{const r=await fetch(location.pathname.replace(/^\\/twin\\//,'/api/v1/public/twin/')+'/chat',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({message})});
if(!r.ok){const body=await r.json().catch(()=>({}));out.textContent=(body.error&&body.error.message)||'The assistant is not available.';return;}
const reader=r.body.getReader(),decoder=new TextDecoder();let buffer='';
for(;;){const {done,value}=await reader.read();if(done)break;buffer+=decoder.decode(value,{stream:true});let i;
while((i=buffer.indexOf('\\n\\n'))>=0){const block=buffer.slice(0,i);buffer=buffer.slice(i+2);
const ev=(block.match(/^event: (.*)$/m)||[])[1],data=(block.match(/^data: (.*)$/m)||[])[1];if(!data)continue;const d=JSON.parse(data);
if(ev==='text'){text+=d.text;out.textContent=text;}else if(ev==='error'){out.textContent=d.message;}}}}
catch{out.textContent='The connection failed.';}});
</script></body></html>
`;
}

export function twinRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;
  const visitorOf = (request: Request) => {
    const value = request.state?.[VISITOR_COOKIE] as unknown;
    return typeof value === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(value) ? value : undefined;
  };
  const status = (link: Awaited<ReturnType<typeof org.getTwinLink>>) => {
    if (!link) return { enabled: false, link: null };
    const { tokenHash: _hash, ...visible } = link;
    return { enabled: link.enabled, link: visible };
  };

  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/portal/twin',
      summary:
        'Turn your Digital Twin on, or rotate its link (the old one stops at once). The URL is shown only now.',
      tags: ['portal', 'twin'],
      action: 'twin:update',
      resource: ({ principal }) => selfResource(principal),
      response: z.strictObject({
        url: z.string(),
        qrSvg: z.string(),
        link: statusSchema.shape.link,
      }),
      status: 201,
      handler: async ({ principal }) => {
        const enabled = await context.twins.enable({ by: principal.employeeId });
        return { url: enabled.url, qrSvg: enabled.qrSvg, link: status(enabled.link).link };
      },
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/portal/twin',
      summary: 'Turn your Digital Twin off: the next request to its link is a 404.',
      tags: ['portal', 'twin'],
      action: 'twin:disable',
      resource: ({ principal }) => selfResource(principal),
      response: statusSchema,
      handler: async ({ principal }) => {
        const link = await org.disableTwinLink(principal.employeeId, by(principal));
        if (!link) throw new ClawforceError('not_found', 'your Digital Twin is not on');
        return status(link);
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/portal/twin',
      summary: 'Your Digital Twin: on or off, when it was turned on, views and chats.',
      tags: ['portal', 'twin'],
      action: 'twin:read',
      resource: ({ principal }) => selfResource(principal),
      response: statusSchema,
      handler: async ({ principal }) =>
        status(
          await context.twins.status({
            by: principal.employeeId,
            employeeId: principal.employeeId,
          }),
        ),
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/employees/{employeeId}/twin',
      summary: "An employee's Digital Twin status.",
      tags: ['twin'],
      action: 'twin:read',
      params: z.strictObject({ employeeId: idSchema }),
      resource: ({ params }) => employeeResource(org, params.employeeId),
      response: statusSchema,
      handler: async ({ principal, params }) =>
        status(
          await context.twins.status({ by: principal.employeeId, employeeId: params.employeeId }),
        ),
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/employees/{employeeId}/twin',
      summary: "Turn off an employee's Digital Twin (admins).",
      tags: ['twin'],
      action: 'twin:disable',
      params: z.strictObject({ employeeId: idSchema }),
      resource: ({ params }) => employeeResource(org, params.employeeId),
      response: statusSchema,
      handler: async ({ principal, params }) =>
        status(
          await context.twins.disable({ by: principal.employeeId, employeeId: params.employeeId }),
        ),
    }),

    definePublicRoute({
      method: 'GET',
      path: '/twin/{token}',
      summary:
        "A Digital Twin's public chat page (no sign-in). 404 at once after the twin is turned off.",
      tags: ['twin'],
      params: tokenParams,
      produces: 'text/html',
      handler: async ({ params, request, h }) => {
        const visit = await context.twins.open({
          token: params.token,
          ...(visitorOf(request) ? { visitorId: visitorOf(request) as string } : {}),
          activity: 'view',
        });
        const nonce = randomBytes(16).toString('base64');
        return h
          .response(
            twinPage({
              name: visit.employee.name,
              ...(visit.employee.positionName ? { positionName: visit.employee.positionName } : {}),
              nonce,
            }),
          )
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .header(
            'content-security-policy',
            `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
          )
          .state(VISITOR_COOKIE, visit.visitorId);
      },
    }),

    definePublicRoute({
      method: 'POST',
      path: '/api/v1/public/twin/{token}/chat',
      summary:
        'Chat with a Digital Twin (no sign-in; rate-limited per visitor and per link). Server-sent events like the portal chat; 404 at once after the twin is turned off.',
      tags: ['twin', 'chat'],
      params: tokenParams,
      payload: chatMessageSchema,
      maxBytes: 4 * CHAT_MESSAGE_MAX_BYTES,
      produces: 'text/event-stream',
      handler: async ({ params, payload, request, h }) => {
        if (!context.runtime) {
          throw new HttpError('not_available', 'no agent runtime is configured on this server');
        }
        const visit = await context.twins.open({
          token: params.token,
          ...(visitorOf(request) ? { visitorId: visitorOf(request) as string } : {}),
          activity: 'chat',
        });
        const employee = (await org.getEmployee(visit.employee.id)) as Employee;
        const response = await streamChat(context, request, h, {
          accessPath: visit.accessPath,
          sessionId: formatSessionId(visit.accessPath),
          employee,
          historyOwnerId: employee.id,
          message: payload.message,
        });
        return response.state(VISITOR_COOKIE, visit.visitorId);
      },
    }),
  ];
}
