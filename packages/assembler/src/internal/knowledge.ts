import type { AssemblyInput, KnowledgeAssignee } from '../types.js';
import type { Subject } from './subject.js';
import { oneLine } from './text.js';

export interface KnowledgeFile {
  readonly path: string;
  readonly knowledgeBaseId: string;
  readonly title: string;
  readonly summary: string;
  readonly assignedTo: readonly KnowledgeAssignee[];
  readonly content: string;
  readonly isDirectory: boolean;
}

/** Whether this session gets the company's knowledge at all. */
export function knowledgeWithheld(subject: Subject): string | undefined {
  if (subject.kind === 'twin')
    return 'Digital Twin sessions get no knowledge bases or directory: visitors are unverified';
  if (subject.kind === 'pairing-assistant') return 'unpaired sessions get no knowledge';
  return undefined;
}

/** The knowledge files of this workspace, sorted by path. */
export function knowledgeFiles(input: AssemblyInput, subject: Subject): KnowledgeFile[] {
  if (knowledgeWithheld(subject)) return [];
  return input.knowledge
    .map((entry) => {
      const path = `knowledge/${entry.knowledgeBase.id}/${entry.document.fileName}`;
      const description = oneLine(entry.document.description || entry.knowledgeBase.description);
      return {
        path,
        knowledgeBaseId: entry.knowledgeBase.id,
        title: entry.document.title,
        summary: description ? `${entry.document.title} — ${description}` : entry.document.title,
        assignedTo: [...new Set(entry.assignedTo)].sort(),
        content: entry.content,
        isDirectory: entry.knowledgeBase.kind === 'directory',
      };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
