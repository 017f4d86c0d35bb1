import { api } from './client.js';
import { endpoints } from './endpoints.js';
import type {
  Items,
  KnowledgeAssignment,
  KnowledgeBase,
  KnowledgeBaseDetail,
  KnowledgeDocument,
  KnowledgeTarget,
  Skill,
} from './types.js';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const fetchKnowledgeBases = (signal?: AbortSignal) =>
  api.call<Items<KnowledgeBase>>(endpoints.knowledgeBases, withSignal(signal));

export const fetchKnowledgeBase = (knowledgeBaseId: string, signal?: AbortSignal) =>
  api.call<KnowledgeBaseDetail>(endpoints.knowledgeBase, {
    path: { knowledgeBaseId },
    ...withSignal(signal),
  });

export const createKnowledgeBase = (input: { id: string; name: string; description: string }) =>
  api.call<KnowledgeBase>(endpoints.createKnowledgeBase, { body: input });

export const deleteKnowledgeBase = (knowledgeBaseId: string) =>
  api.call<void>(endpoints.deleteKnowledgeBase, { path: { knowledgeBaseId } });

export const uploadDocument = (
  knowledgeBaseId: string,
  documentId: string,
  input: { title: string; fileName: string; description?: string; content: string },
) =>
  api.call<KnowledgeDocument>(endpoints.uploadDocument, {
    path: { knowledgeBaseId, documentId },
    body: input,
  });

export const deleteDocument = (knowledgeBaseId: string, documentId: string) =>
  api.call<void>(endpoints.deleteDocument, { path: { knowledgeBaseId, documentId } });

export const assignKnowledge = (knowledgeBaseId: string, target: KnowledgeTarget) =>
  api.call<KnowledgeAssignment>(endpoints.assignKnowledge, {
    path: { knowledgeBaseId },
    body: { target },
  });

export const unassignKnowledge = (knowledgeBaseId: string, target: KnowledgeTarget) =>
  api.call<void>(endpoints.unassignKnowledge, {
    path: { knowledgeBaseId },
    query: {
      kind: target.kind,
      targetId:
        target.kind === 'position'
          ? target.positionId
          : target.kind === 'employee'
            ? target.employeeId
            : undefined,
    },
  });

export const fetchSkills = (signal?: AbortSignal) =>
  api.call<Items<Skill>>(endpoints.skills, withSignal(signal));
