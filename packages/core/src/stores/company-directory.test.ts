import { describe, expect, it } from 'vitest';
import { createMemoryStores } from '../memory/index.js';
import {
  COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID,
  knowledgeDocumentKey,
  publishCompanyDirectory,
} from './company-directory.js';

describe('publishCompanyDirectory', () => {
  it('creates the directory base for everyone and rewrites its document from the org', async () => {
    const stores = createMemoryStores();
    const { org, blobs } = stores;
    await org.saveRuntime({
      id: 'standard',
      name: 'Standard',
      model: 'openai/gpt-4o-mini',
      toolPolicy: {},
      guardrailId: null,
      mode: 'serverless',
    });
    await org.saveOrganization({
      id: 'acme',
      name: 'ACME Corp',
      domain: 'acme.example',
      defaultRuntimeId: 'standard',
      agentDefaults: {
        model: 'openai/gpt-4o-mini',
        contextWindow: 128_000,
        compaction: 'default',
        recentTurnsPreserve: 4,
        maxTokens: 2_048,
        responseLanguage: 'en',
      },
      toolPolicy: {},
    });
    await org.createDepartment({ id: 'finance', name: 'Finance', parentId: null });
    await org.createPosition({
      id: 'pos-fa',
      name: 'Finance Analyst',
      departmentId: 'finance',
      description: 'Budgets and forecasts',
      toolPolicy: {},
      defaultSkills: [],
      imChannels: [],
    });
    const employee = {
      employeeNumber: 'ACME-1',
      role: 'employee' as const,
      departmentId: 'finance',
      positionId: 'pos-fa',
      status: 'active' as const,
      flags: [],
      preferences: '',
    };
    await org.createEmployee({
      ...employee,
      id: 'emp-carol',
      name: 'Carol Zhang',
      email: 'carol@acme.example',
    });

    const first = await publishCompanyDirectory(stores);
    expect(await org.knowledgeBaseIdsFor({ id: 'emp-anyone', positionId: 'pos-any' })).toEqual([
      COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID,
    ]);
    const body = async () =>
      new TextDecoder().decode(
        (await blobs.get(knowledgeDocumentKey(COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID, first.fileName)))
          ?.body,
      );
    expect(await body()).toContain(
      '| Carol Zhang | Finance Analyst | carol@acme.example | Budgets and forecasts |',
    );

    await org.createEmployee({
      ...employee,
      id: 'emp-david',
      employeeNumber: 'ACME-2',
      name: 'David Park',
      email: 'david@acme.example',
    });
    await org.createBinding({
      channel: 'telegram',
      channelUserId: '42',
      employeeId: 'emp-david',
      pairedAt: '2026-11-02T09:00:00.000Z',
    });
    const second = await publishCompanyDirectory(stores);
    expect(second.sha256).not.toBe(first.sha256);
    expect(await body()).toContain('david@acme.example · Telegram');
    expect(await org.listKnowledgeDocuments(COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID)).toHaveLength(1);
  });
});
