import { createHash } from 'node:crypto';
import {
  ClawforceError,
  descriptionSchema,
  idSchema,
  type KnowledgeTarget,
  knowledgeAssignmentSchema,
  knowledgeBaseSchema,
  knowledgeDocumentKey,
  knowledgeDocumentSchema,
  knowledgeFileNameSchema,
  knowledgeTargetSchema,
  nameSchema,
  parse,
  publishCompanyDirectory,
} from '@clawforce/core';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { listOf, nonEmpty } from '../http/schemas.js';
import { by } from './actor.js';

/** The largest Markdown document accepted, in bytes. */
export const KNOWLEDGE_DOCUMENT_MAX_BYTES = 1024 * 1024;

const baseParams = z.strictObject({ knowledgeBaseId: idSchema });
const documentParams = baseParams.extend({ documentId: idSchema });

const assignmentQuery = z
  .strictObject({
    kind: z.enum(['everyone', 'position', 'employee']),
    targetId: idSchema.optional(),
  })
  .transform((query, check): KnowledgeTarget => {
    if (query.kind === 'everyone') return { kind: 'everyone' };
    if (!query.targetId) {
      check.addIssue({ code: 'custom', path: ['targetId'], message: `required for ${query.kind}` });
      return z.NEVER;
    }
    return query.kind === 'position'
      ? { kind: 'position', positionId: query.targetId }
      : { kind: 'employee', employeeId: query.targetId };
  });

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function knowledgeRoutes(context: StackContext): RouteDefinition[] {
  const { org, blobs } = context.stores;

  const editableBase = async (id: string) => {
    const base = await org.getKnowledgeBase(id);
    if (!base) throw new ClawforceError('not_found', `knowledge base ${id} not found`);
    if (base.kind === 'directory') {
      throw new ClawforceError(
        'conflict',
        `${id} is generated from the organization and cannot be edited by hand`,
      );
    }
    return base;
  };

  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/knowledge-bases',
      summary: 'Knowledge bases.',
      tags: ['knowledge'],
      action: 'knowledge:read',
      response: listOf(knowledgeBaseSchema),
      handler: async () => ({ items: await org.listKnowledgeBases() }),
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/knowledge-bases/{knowledgeBaseId}',
      summary: 'A knowledge base with its documents and assignments.',
      tags: ['knowledge'],
      action: 'knowledge:read',
      params: baseParams,
      response: z.strictObject({
        knowledgeBase: knowledgeBaseSchema,
        documents: z.array(knowledgeDocumentSchema),
        assignments: z.array(knowledgeAssignmentSchema),
      }),
      handler: async ({ params }) => {
        const knowledgeBase = await org.getKnowledgeBase(params.knowledgeBaseId);
        if (!knowledgeBase) {
          throw new ClawforceError(
            'not_found',
            `knowledge base ${params.knowledgeBaseId} not found`,
          );
        }
        return {
          knowledgeBase,
          documents: await org.listKnowledgeDocuments(knowledgeBase.id),
          assignments: await org.listKnowledgeAssignments(knowledgeBase.id),
        };
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/knowledge-bases',
      summary: 'Create a topic knowledge base.',
      tags: ['knowledge'],
      action: 'knowledge:manage',
      payload: z.strictObject({
        id: idSchema,
        name: nameSchema,
        description: knowledgeBaseSchema.shape.description,
      }),
      response: knowledgeBaseSchema,
      status: 201,
      handler: async ({ payload, principal }) => {
        if (await org.getKnowledgeBase(payload.id)) {
          throw new ClawforceError('already_exists', `knowledge base ${payload.id} already exists`);
        }
        return org.saveKnowledgeBase({ ...payload, kind: 'topic' }, by(principal));
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/knowledge-bases/{knowledgeBaseId}',
      summary: 'Rename or describe a knowledge base.',
      tags: ['knowledge'],
      action: 'knowledge:manage',
      params: baseParams,
      payload: nonEmpty(
        z.strictObject({
          name: nameSchema.optional(),
          description: knowledgeBaseSchema.shape.description.optional(),
        }),
      ),
      response: knowledgeBaseSchema,
      handler: async ({ params, payload, principal }) => {
        const base = await editableBase(params.knowledgeBaseId);
        return org.saveKnowledgeBase(
          {
            id: base.id,
            kind: base.kind,
            name: payload.name ?? base.name,
            description: payload.description ?? base.description,
          },
          by(principal),
        );
      },
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/knowledge-bases/{knowledgeBaseId}',
      summary: 'Delete a knowledge base with its documents and assignments.',
      tags: ['knowledge'],
      action: 'knowledge:manage',
      params: baseParams,
      status: 204,
      handler: async ({ params, principal }) => {
        await editableBase(params.knowledgeBaseId);
        const documents = await org.deleteKnowledgeBase(params.knowledgeBaseId, by(principal));
        for (const document of documents) {
          await blobs.delete(knowledgeDocumentKey(document.knowledgeBaseId, document.fileName));
        }
        return undefined;
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/knowledge-bases/company-directory/regenerate',
      summary:
        'Regenerate the company directory from the organization now (it also follows every org change).',
      tags: ['knowledge'],
      action: 'knowledge:manage',
      response: knowledgeDocumentSchema,
      handler: ({ principal }) => publishCompanyDirectory(context.stores, by(principal)),
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/knowledge-bases/{knowledgeBaseId}/documents/{documentId}',
      summary: `Upload (create or replace) a Markdown document, at most ${KNOWLEDGE_DOCUMENT_MAX_BYTES} bytes.`,
      tags: ['knowledge'],
      action: 'knowledge:manage',
      params: documentParams,
      payload: z.strictObject({
        title: nameSchema,
        fileName: knowledgeFileNameSchema,
        description: descriptionSchema.optional(),
        content: z.string().max(KNOWLEDGE_DOCUMENT_MAX_BYTES),
      }),
      maxBytes: 2 * KNOWLEDGE_DOCUMENT_MAX_BYTES,
      response: knowledgeDocumentSchema,
      handler: async ({ params, payload, principal }) => {
        await editableBase(params.knowledgeBaseId);
        const sizeBytes = Buffer.byteLength(payload.content);
        if (sizeBytes > KNOWLEDGE_DOCUMENT_MAX_BYTES) {
          throw new ClawforceError(
            'validation_failed',
            `content is ${sizeBytes} bytes; at most ${KNOWLEDGE_DOCUMENT_MAX_BYTES}`,
            [{ path: 'content', code: 'too_big', message: 'too large' }],
          );
        }
        const siblings = await org.listKnowledgeDocuments(params.knowledgeBaseId);
        const clash = siblings.find(
          (document) => document.fileName === payload.fileName && document.id !== params.documentId,
        );
        if (clash) {
          throw new ClawforceError(
            'already_exists',
            `${payload.fileName} is already the file of document ${clash.id}`,
            [{ path: 'fileName', code: 'duplicate', message: 'already in use' }],
          );
        }
        const previous = siblings.find((document) => document.id === params.documentId);
        const record = {
          id: params.documentId,
          knowledgeBaseId: params.knowledgeBaseId,
          title: payload.title,
          fileName: payload.fileName,
          description: payload.description ?? '',
          sizeBytes,
          sha256: sha256(payload.content),
        };
        // Validate the record before the body is written, so a bad record leaves no stray body.
        parse(
          knowledgeDocumentSchema,
          { ...record, updatedAt: new Date(context.now()).toISOString() },
          'document',
        );
        await blobs.put(
          knowledgeDocumentKey(record.knowledgeBaseId, record.fileName),
          payload.content,
        );
        const document = await org.saveKnowledgeDocument(record, by(principal));
        if (previous && previous.fileName !== record.fileName) {
          await blobs.delete(knowledgeDocumentKey(previous.knowledgeBaseId, previous.fileName));
        }
        return document;
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/knowledge-bases/{knowledgeBaseId}/documents/{documentId}',
      summary: 'A document with its Markdown body.',
      tags: ['knowledge'],
      action: 'knowledge:read',
      params: documentParams,
      response: z.strictObject({ document: knowledgeDocumentSchema, content: z.string() }),
      handler: async ({ params }) => {
        const document = (await org.listKnowledgeDocuments(params.knowledgeBaseId)).find(
          (candidate) => candidate.id === params.documentId,
        );
        if (!document) {
          throw new ClawforceError(
            'not_found',
            `document ${params.knowledgeBaseId}/${params.documentId} not found`,
          );
        }
        const blob = await blobs.get(
          knowledgeDocumentKey(document.knowledgeBaseId, document.fileName),
        );
        return { document, content: blob ? Buffer.from(blob.body).toString('utf8') : '' };
      },
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/knowledge-bases/{knowledgeBaseId}/documents/{documentId}',
      summary: 'Delete a document.',
      tags: ['knowledge'],
      action: 'knowledge:manage',
      params: documentParams,
      status: 204,
      handler: async ({ params, principal }) => {
        await editableBase(params.knowledgeBaseId);
        const document = (await org.listKnowledgeDocuments(params.knowledgeBaseId)).find(
          (candidate) => candidate.id === params.documentId,
        );
        await org.deleteKnowledgeDocument(params.knowledgeBaseId, params.documentId, by(principal));
        if (document) {
          await blobs.delete(knowledgeDocumentKey(document.knowledgeBaseId, document.fileName));
        }
        return undefined;
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/knowledge-bases/{knowledgeBaseId}/assignments',
      summary: 'Give a knowledge base to everyone, to a position or to one employee.',
      tags: ['knowledge'],
      action: 'knowledge:manage',
      params: baseParams,
      payload: z.strictObject({ target: knowledgeTargetSchema }),
      response: knowledgeAssignmentSchema,
      status: 201,
      handler: async ({ params, payload, principal }) => {
        if (!(await org.getKnowledgeBase(params.knowledgeBaseId))) {
          throw new ClawforceError(
            'not_found',
            `knowledge base ${params.knowledgeBaseId} not found`,
          );
        }
        return org.assignKnowledgeBase(params.knowledgeBaseId, payload.target, by(principal));
      },
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/knowledge-bases/{knowledgeBaseId}/assignments',
      summary:
        'Take a knowledge base away from a target: ?kind=everyone, ?kind=position&targetId=…, ?kind=employee&targetId=….',
      tags: ['knowledge'],
      action: 'knowledge:manage',
      params: baseParams,
      query: assignmentQuery,
      status: 204,
      handler: async ({ params, query, principal }) => {
        const removed = await org.unassignKnowledgeBase(
          params.knowledgeBaseId,
          query,
          by(principal),
        );
        if (!removed) throw new ClawforceError('not_found', 'no such assignment');
        return undefined;
      },
    }),
  ];
}
