import type { AssemblyInput } from '../types.js';
import { PRIORITY, type Section } from './budget.js';
import type { KnowledgeFile } from './knowledge.js';
import { departmentTrail, type Subject } from './subject.js';
import { cell, count, nestHeadings, oneLine } from './text.js';

const FILE = 'AGENTS.md';
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** "English (`en`)". */
export function languageName(tag: string): string {
  try {
    return `${languageNames.of(tag) ?? tag} (\`${tag}\`)`;
  } catch {
    return `\`${tag}\``;
  }
}

export interface AgentsContext {
  readonly input: AssemblyInput;
  readonly subject: Subject;
  readonly sessionBody: string;
  readonly responseLanguage: string;
  readonly knowledgeFiles: readonly KnowledgeFile[];
  readonly directory?: { readonly markdown: string; readonly path?: string };
  readonly coreSkills: readonly string[];
  readonly memoryPaths: readonly string[];
  readonly perFileMaxChars: number;
}

function memorySection(context: AgentsContext): string | undefined {
  const { input, subject, memoryPaths, perFileMaxChars } = context;
  const today = input.options?.today;
  const daily = today ? `memory/${today}.md` : 'memory/YYYY-MM-DD.md';
  const owner = subject.owner?.name ?? 'your employee';
  const lines = ['## Memory', ''];
  switch (input.accessPath.kind) {
    case 'unpaired':
      return undefined;
    case 'playground':
      lines.push(
        `- You see ${owner}'s memory as it is: MEMORY.md is part of your prompt, daily notes are in memory/. This session is read-only: anything you write is discarded when it ends.`,
      );
      break;
    default: {
      const whose =
        input.accessPath.kind === 'twin'
          ? 'the twin’s own memory (visible to its owner, shared across visitors)'
          : input.accessPath.kind === 'shared'
            ? 'the team agent’s memory (shared by everyone it serves)'
            : 'your memory';
      lines.push(
        `- MEMORY.md is ${whose}, and it is part of your prompt every turn: keep durable facts there (decisions, commitments, ongoing work), short and current. Up to ${count(perFileMaxChars)} characters of it reach the prompt.`,
        `- Put notes of the day in \`${daily}\`. Those files are not in your prompt: read them with \`read\` or \`memory_search\` when you need them.`,
        '- What you write in MEMORY.md and memory/ is saved after every turn and is there again next session, on every channel.',
        '- Never store credentials, customer data or anything the red lines forbid.',
      );
    }
  }
  if (memoryPaths.length > 0) {
    const daily = memoryPaths
      .filter((path) => path.startsWith('memory/'))
      .sort()
      .reverse();
    if (daily.length > 0) {
      const shown = daily.slice(0, 20).map((path) => `\`${path}\``);
      lines.push(
        `- Memory files (newest first): ${shown.join(', ')}${daily.length > 20 ? `, and ${daily.length - 20} older` : ''}.`,
      );
    }
  }
  return lines.join('\n');
}

function workflowSection(context: AgentsContext): string {
  const { subject, responseLanguage, directory } = context;
  const company = subject.organization.name;
  if (subject.kind === 'pairing-assistant') {
    return [
      '## Workflow rules',
      '',
      '- Explain how to pair this account (see "This session") and nothing else.',
      `- Reply in the language the person writes in; ${languageName(responseLanguage)} when unsure.`,
    ].join('\n');
  }
  const lines = [
    '## Workflow rules',
    '',
    `- For questions about ${company}, check the knowledge files listed below first and name the file you used. If they do not cover it, say so instead of guessing.`,
  ];
  if (directory) {
    lines.push(
      `- To find who does what or whom to contact, use the company directory${directory.path ? ` (below, and in full in \`${directory.path}\`)` : ' below'}.`,
    );
  }
  lines.push(
    '- When something is beyond what you may do (TOOLS.md) or know, say so and name who can help: a colleague from the directory or a team agent.',
    `- Reply in ${languageName(responseLanguage)} unless the person writes in another language or USER.md asks for one.`,
    '- Keep secrets out of everything you write: no passwords, keys or tokens in any file.',
  );
  return lines.join('\n');
}

function roleSection(context: AgentsContext): string | undefined {
  const { subject, input, coreSkills } = context;
  if (subject.sharedAgent) {
    return [
      `## Your team: ${subject.sharedAgent.name}`,
      '',
      oneLine(subject.sharedAgent.description),
      '',
      `- Runtime tier: ${input.runtime.name}.`,
    ].join('\n');
  }
  if (!subject.position || !subject.owner || subject.kind === 'admin-assistant') return undefined;
  const position = subject.position;
  const lines = [`## Position: ${position.name}`, ''];
  if (position.description) lines.push(oneLine(position.description), '');
  lines.push(`- Department: ${departmentTrail(subject.departments)}.`);
  if (coreSkills.length > 0)
    lines.push(
      `- Core skills of this position: ${coreSkills.map((name) => `\`${name}\``).join(', ')}.`,
    );
  lines.push(`- Runtime tier: ${input.runtime.name}.`);
  return lines.join('\n');
}

function knowledgeSection(files: readonly KnowledgeFile[]): string | undefined {
  if (files.length === 0) return undefined;
  const lines = [
    '## Knowledge',
    '',
    'These files are in your workspace but not in your prompt: read them with `read` when a question needs them.',
    '',
    '| File | What it is | Assigned to |',
    '|---|---|---|',
  ];
  for (const file of files) {
    lines.push(
      `| \`${file.path}\` | ${cell(file.summary)} | ${file.assignedTo.join(', ') || '—'} |`,
    );
  }
  return lines.join('\n');
}

/** AGENTS.md as budget sections, in reading order. */
export function agentsSections(context: AgentsContext): Section[] {
  const { subject, sessionBody, directory } = context;
  const section = (
    id: string,
    label: string,
    priority: number,
    cut: Section['cut'],
    text: string | undefined,
    pointer?: string,
  ): Section[] =>
    text === undefined
      ? []
      : [{ file: FILE, id, label, priority, cut, text, ...(pointer ? { pointer } : {}) }];
  return [
    ...section(
      'agents.header',
      'AGENTS.md header',
      PRIORITY.critical,
      'never',
      [
        `# AGENTS.md — how you work at ${subject.organization.name}`,
        '',
        'Generated by Clawforce for this session; edits are not kept. SOUL.md says who you are and your red lines, TOOLS.md what you may use, IDENTITY.md whose agent you are.',
      ].join('\n'),
    ),
    ...section(
      'agents.session',
      'this session',
      PRIORITY.critical,
      'never',
      `## This session\n\n${sessionBody}`,
      'SESSION_CONTEXT.md',
    ),
    ...section(
      'agents.workflow',
      'workflow rules',
      PRIORITY.rules,
      'truncate',
      workflowSection(context),
    ),
    ...section('agents.memory', 'memory rules', PRIORITY.rules, 'truncate', memorySection(context)),
    ...section('agents.role', 'position', PRIORITY.position, 'truncate', roleSection(context)),
    ...section(
      'agents.knowledge',
      'knowledge index',
      PRIORITY.position,
      'truncate',
      knowledgeSection(context.knowledgeFiles),
      'knowledge/',
    ),
    ...(subject.kind === 'pairing-assistant' || context.input.accessPath.kind === 'twin'
      ? []
      : section(
          'agents.channels',
          'channels',
          PRIORITY.personal,
          'omit',
          '## Channels\n\nCHANNELS.md lists where notices can reach (read it before sending one).',
        )),
    ...(directory
      ? section(
          'agents.directory',
          'company directory',
          PRIORITY.knowledge,
          'truncate',
          `## Company directory\n\n${nestHeadings(directory.markdown.trim(), 2)}`,
          directory.path,
        )
      : []),
  ];
}
