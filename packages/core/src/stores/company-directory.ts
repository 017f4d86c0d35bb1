import { sha256Hex } from '../internal/hash.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { OrgStore } from '../ports/org-store.js';
import { renderCompanyDirectory } from '../rules/directory.js';
import type { Actor } from '../schemas/audit.js';
import type { KnowledgeDocument } from '../schemas/knowledge.js';
import type { Employee } from '../schemas/organization.js';
import type { Channel } from '../schemas/primitives.js';

/** Where a knowledge document's body lives in the BlobStore. */
export function knowledgeDocumentKey(knowledgeBaseId: string, fileName: string): string {
  return `knowledge/${knowledgeBaseId}/${fileName}`;
}

export const COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID = 'company-directory';
export const COMPANY_DIRECTORY_DOCUMENT_ID = 'directory';
export const COMPANY_DIRECTORY_FILE_NAME = 'company-directory.md';

/**
 * Regenerates the company directory from the organization data and publishes it as the single
 * document of the `company-directory` knowledge base (created and assigned to everyone if
 * missing). Call it after any change to people, positions or departments.
 */
export async function publishCompanyDirectory(
  stores: { readonly org: OrgStore; readonly blobs: BlobStore },
  options: { readonly actor?: Actor } = {},
): Promise<KnowledgeDocument> {
  const { org, blobs } = stores;
  const organization = await org.getOrganization();
  const employees: Employee[] = [];
  let cursor: string | undefined;
  do {
    const page = await org.listEmployees({ limit: 1_000, ...(cursor ? { cursor } : {}) });
    employees.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const channelsByEmployee = new Map<string, Channel[]>();
  for (const employee of employees) {
    const bindings = await org.listBindingsByEmployee(employee.id);
    if (bindings.length > 0)
      channelsByEmployee.set(
        employee.id,
        bindings.map((binding) => binding.channel),
      );
  }
  const markdown = renderCompanyDirectory({
    organization: { name: organization?.name ?? 'Company' },
    departments: await org.listDepartments(),
    positions: await org.listPositions(),
    employees,
    skills: await org.listSkills(),
    channelsByEmployee,
  });
  const mutation = options.actor ? { actor: options.actor } : {};
  if (!(await org.getKnowledgeBase(COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID))) {
    await org.saveKnowledgeBase(
      {
        id: COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID,
        name: 'Company directory',
        description:
          'Who works where, in which position, how to reach them and what their agent can help with.',
        kind: 'directory',
      },
      mutation,
    );
    await org.assignKnowledgeBase(
      COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID,
      { kind: 'everyone' },
      mutation,
    );
  }
  await blobs.put(
    knowledgeDocumentKey(COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID, COMPANY_DIRECTORY_FILE_NAME),
    markdown,
  );
  return org.saveKnowledgeDocument(
    {
      id: COMPANY_DIRECTORY_DOCUMENT_ID,
      knowledgeBaseId: COMPANY_DIRECTORY_KNOWLEDGE_BASE_ID,
      title: 'Company directory',
      fileName: COMPANY_DIRECTORY_FILE_NAME,
      description: 'Everyone in the company: department, position, contact, what their agent does.',
      sizeBytes: Buffer.byteLength(markdown),
      sha256: sha256Hex(markdown),
    },
    mutation,
  );
}
