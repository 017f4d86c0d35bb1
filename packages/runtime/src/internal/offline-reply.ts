import { createHash } from 'node:crypto';

/**
 * The offline model's mind: a pure function from an OpenAI chat-completions request (as OpenClaw
 * sends it) to the next assistant message. It reads only what OpenClaw put in the request — the
 * system prompt with the injected workspace files, the offered tools, the conversation — so a
 * reply shows exactly what the agent was given and what OpenClaw allowed it to do.
 */

export interface ChatContentPart {
  readonly type: string;
  readonly text?: string;
}

export interface ChatToolCall {
  readonly id?: string;
  readonly type?: string;
  readonly function?: { readonly name?: string; readonly arguments?: string };
}

export interface ChatMessage {
  readonly role: string;
  readonly content?: string | readonly ChatContentPart[] | null;
  readonly tool_calls?: readonly ChatToolCall[];
  readonly tool_call_id?: string;
  readonly name?: string;
}

export interface ChatToolDefinition {
  readonly type?: string;
  readonly function?: { readonly name?: string };
}

export interface ChatRequest {
  readonly model?: string;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ChatToolDefinition[];
  readonly stream?: boolean;
}

export type OfflineReply =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'tool-call';
      readonly id: string;
      readonly name: string;
      readonly arguments: Readonly<Record<string, unknown>>;
    };

/** Marks every reply, so nobody mistakes the offline model for a real one. */
export const OFFLINE_MARKER = '(offline model)';

export interface WorkspaceFile {
  readonly path: string;
  readonly content: string;
}

export interface PromptContext {
  /** Injected workspace files by file name (`SOUL.md`, `IDENTITY.md`, ...), `[MISSING]` ones left out. */
  readonly files: ReadonlyMap<string, WorkspaceFile>;
  readonly identity: Readonly<Record<string, string>>;
  readonly workspaceDirectory: string | undefined;
  /** Knowledge documents the prompt names (`knowledge/...`), in order of first mention. */
  readonly knowledge: readonly string[];
  /** The bullet points of MEMORY.md. */
  readonly memories: readonly string[];
}

export function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text.length > 0)
    .join('\n');
}

// OpenClaw 3.24 injects each workspace file under a "## <absolute path>" heading in "# Project
// Context" and closes the block with its own fixed sections.
const FILE_HEADING = /^## (\/\S*\/([^/\s]+\.md))\s*$/;
const TRAILING_SECTIONS = new Set(['## Silent Replies', '## Heartbeats', '## Runtime']);

export function parseInjectedFiles(systemPrompt: string): Map<string, WorkspaceFile> {
  const lines = systemPrompt.split('\n');
  const files = new Map<string, WorkspaceFile>();
  let current: { name: string; path: string; lines: string[] } | undefined;
  const close = () => {
    if (!current) return;
    const content = current.lines.join('\n').trim();
    if (!content.startsWith('[MISSING]')) {
      files.set(current.name, { path: current.path, content });
    }
    current = undefined;
  };
  for (const line of lines) {
    const heading = FILE_HEADING.exec(line);
    if (heading?.[1] && heading[2]) {
      close();
      current = { name: heading[2], path: heading[1], lines: [] };
    } else if (current && TRAILING_SECTIONS.has(line.trim())) {
      close();
    } else if (current) {
      current.lines.push(line);
    }
  }
  close();
  return files;
}

const IDENTITY_KEYS: Readonly<Record<string, string>> = {
  name: 'name',
  'full name': 'name',
  employee: 'name',
  'employee name': 'name',
  'employee number': 'employeeNumber',
  'employee no': 'employeeNumber',
  position: 'position',
  title: 'position',
  role: 'position',
  'job title': 'position',
  department: 'department',
  company: 'company',
  organization: 'company',
  organisation: 'company',
  'runtime tier': 'tier',
  tier: 'tier',
  runtime: 'tier',
  // A team agent's IDENTITY.md: "You are: IT Help Desk, an always-on team agent of ACME Corp".
  'you are': 'agent',
};

function cleanValue(value: string): string {
  return value
    .replace(/^[*_`\s]+|[*_`\s]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reads `Key: value` lines, `- **Key:** value` bullets and `| Key | value |` table rows. */
export function parseIdentity(markdown: string): Record<string, string> {
  const identity: Record<string, string> = {};
  for (const rawLine of markdown.split('\n')) {
    const line = rawLine.trim();
    let key: string | undefined;
    let value: string | undefined;
    const table = /^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|$/.exec(line);
    if (table) {
      key = table[1];
      value = table[2];
    } else {
      const pair =
        /^(?:[-*+]\s+)?[*_]{0,2}([A-Za-z][A-Za-z .]{0,40}?)[*_]{0,2}\s*[:：]\s*(.+)$/.exec(line);
      if (pair) {
        key = pair[1];
        value = pair[2];
      }
    }
    if (!key || !value) continue;
    const field = IDENTITY_KEYS[cleanValue(key).toLowerCase().replace(/\.$/, '')];
    const cleaned = cleanValue(value);
    if (field && cleaned && !/^-+$/.test(cleaned) && identity[field] === undefined) {
      identity[field] = cleaned;
    }
  }
  return identity;
}

export function parsePromptContext(systemPrompt: string): PromptContext {
  const files = parseInjectedFiles(systemPrompt);
  const identityFile = files.get('IDENTITY.md');
  const identity = identityFile ? parseIdentity(identityFile.content) : {};
  const workspaceDirectory = /^Your working directory is: (.+)$/m.exec(systemPrompt)?.[1]?.trim();
  const knowledge: string[] = [];
  for (const match of systemPrompt.matchAll(/knowledge\/[A-Za-z0-9._\-/]*[A-Za-z0-9_-]/g)) {
    const name = match[0].slice('knowledge/'.length);
    if (name && !knowledge.includes(name)) knowledge.push(name);
  }
  const memories = (files.get('MEMORY.md')?.content ?? '')
    .split('\n')
    .map((line) => /^\s*[-*+]\s+(.+)$/.exec(line)?.[1]?.trim())
    .filter((line): line is string => Boolean(line));
  return { files, identity, workspaceDirectory, knowledge, memories };
}

function offeredTools(request: ChatRequest): Set<string> {
  const names = new Set<string>();
  for (const tool of request.tools ?? []) {
    if (tool.function?.name) names.add(tool.function.name);
  }
  return names;
}

function callId(request: ChatRequest, name: string): string {
  const digest = createHash('sha256')
    .update(`${request.messages.length}:${name}:${textOf(request.messages.at(-1)?.content)}`)
    .digest('hex');
  return `call_${digest.slice(0, 24)}`;
}

function withMarker(text: string): string {
  return `${OFFLINE_MARKER} ${text}`;
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function whoAmI(context: PromptContext, systemPrompt: string): string {
  const { name, position, department, company, agent } = context.identity;
  if (!name && agent) {
    // A team agent: it names itself, and the caller its USER.md names.
    const caller = /You are talking with ([^.\n]+)\./.exec(
      context.files.get('USER.md')?.content ?? '',
    )?.[1];
    return `I am ${agent}.${caller ? ` I am talking with ${caller.trim()}.` : ''}`;
  }
  if (!name) {
    return 'I am an OpenClaw agent, but no IDENTITY.md with my name reached me.';
  }
  const place = [position, department].filter(Boolean).join(', ');
  const at = company ? ` at ${company}` : '';
  const role = place ? ` (${place}${at})` : at;
  if (/digital twin/i.test(systemPrompt)) return `I am ${name}'s AI assistant${role}.`;
  return `I am the AI agent of ${name}${role}.`;
}

function introduction(context: PromptContext, systemPrompt: string, tools: Set<string>): string {
  const sentences = [`Hello! ${whoAmI(context, systemPrompt)}`];
  sentences.push(
    context.knowledge.length > 0
      ? `Knowledge I was given: ${listOf(context.knowledge)}.`
      : 'I was given no knowledge documents.',
  );
  if (context.memories.length > 0) {
    sentences.push(
      `I remember ${context.memories.length} thing${context.memories.length === 1 ? '' : 's'}: ${listOf(context.memories)}.`,
    );
  }
  sentences.push(
    tools.has('exec')
      ? 'I can run shell commands with the exec tool.'
      : 'The exec tool is not available to me.',
  );
  return sentences.join(' ');
}

const RUN_COMMAND = /\b(?:run|execute)\s+(?:the\s+command\s+)?`?([^`\n]+?)`?\s*[.!?]?\s*$/i;
const REMEMBER = /\bremember(?:\s+that)?\s*[:,]?\s+(.+?)\s*$/is;
const RECALL = /\bwhat do you (?:remember|know about me)\b/i;

function lastUserIndex(messages: readonly ChatMessage[]): number {
  for (let index = messages.length - 1; index >= 0; index--) {
    if (messages[index]?.role === 'user') return index;
  }
  return -1;
}

function looksRefused(text: string): string | undefined {
  const trimmed = text.trim();
  let candidate = trimmed;
  try {
    const parsed = JSON.parse(trimmed) as { status?: unknown; error?: unknown };
    if (parsed && parsed.status === 'error' && typeof parsed.error === 'string') {
      candidate = parsed.error;
    } else {
      return undefined;
    }
  } catch {
    // not JSON: judge the text itself
  }
  return /\b(denied|not allowed|not permitted|forbidden|blocked|not found|refused)\b/i.test(
    candidate,
  )
    ? candidate.split('\n')[0]
    : undefined;
}

function toolCallsBefore(
  messages: readonly ChatMessage[],
  index: number,
): Map<string, ChatToolCall> {
  const calls = new Map<string, ChatToolCall>();
  for (let position = index - 1; position >= 0; position--) {
    const message = messages[position];
    if (message?.role === 'assistant' && message.tool_calls?.length) {
      for (const call of message.tool_calls) if (call.id) calls.set(call.id, call);
      break;
    }
  }
  return calls;
}

function describeToolResults(messages: readonly ChatMessage[], start: number): string {
  const parts: string[] = [];
  for (let index = start; index < messages.length; index++) {
    const message = messages[index];
    if (message?.role !== 'tool') continue;
    const call = message.tool_call_id
      ? toolCallsBefore(messages, index).get(message.tool_call_id)
      : undefined;
    const name = call?.function?.name ?? message.name ?? 'a tool';
    let args: Record<string, unknown> = {};
    try {
      args = JSON.parse(call?.function?.arguments ?? '{}') as Record<string, unknown>;
    } catch {
      args = {};
    }
    const result = textOf(message.content);
    const refusal = looksRefused(result);
    const what = typeof args.command === 'string' ? `\`${args.command}\`` : `the ${name} tool`;
    if (refusal) {
      parts.push(`OpenClaw refused to run ${what}: ${refusal}. My tool policy does not allow it.`);
    } else if (name === 'write' || name === 'edit') {
      parts.push('Done: I wrote that into my memory file, MEMORY.md.');
    } else {
      const output = result.length > 1_500 ? `${result.slice(0, 1_500)}\n…` : result;
      parts.push(`I ran ${what}. The output was:\n\n\`\`\`\n${output}\n\`\`\``);
    }
  }
  return parts.join('\n\n');
}

/** The next assistant message for `request`: deterministic, never random, never networked. */
export function composeOfflineReply(request: ChatRequest): OfflineReply {
  const messages = request.messages;
  const systemPrompt = messages
    .filter((message) => message.role === 'system' || message.role === 'developer')
    .map((message) => textOf(message.content))
    .join('\n');
  const context = parsePromptContext(systemPrompt);
  const tools = offeredTools(request);
  const userIndex = lastUserIndex(messages);

  // After a tool round trip: report what OpenClaw did with the call.
  if (userIndex >= 0 && messages.slice(userIndex + 1).some((message) => message.role === 'tool')) {
    return { kind: 'text', text: withMarker(describeToolResults(messages, userIndex + 1)) };
  }

  const userText = userIndex >= 0 ? textOf(messages[userIndex]?.content).trim() : '';

  const remember = REMEMBER.exec(userText);
  if (remember?.[1] && !RECALL.test(userText)) {
    const fact = remember[1].replace(/\s+/g, ' ').replace(/[.!]+$/, '');
    if (!tools.has('write')) {
      return {
        kind: 'text',
        text: withMarker(`I cannot save "${fact}": the write tool is not available to me.`),
      };
    }
    const memoryFile = context.files.get('MEMORY.md');
    const existing = memoryFile?.content ?? '# Memory';
    const path =
      memoryFile?.path ??
      (context.workspaceDirectory ? `${context.workspaceDirectory}/MEMORY.md` : 'MEMORY.md');
    return {
      kind: 'tool-call',
      id: callId(request, 'write'),
      name: 'write',
      arguments: { path, content: `${existing.trimEnd()}\n- ${fact}\n` },
    };
  }

  const command = RUN_COMMAND.exec(userText)?.[1]?.trim();
  if (command) {
    if (tools.has('exec')) {
      return {
        kind: 'tool-call',
        id: callId(request, 'exec'),
        name: 'exec',
        arguments: { command },
      };
    }
    return {
      kind: 'text',
      text: withMarker(
        `I cannot run \`${command}\`: the exec tool is not available to me. OpenClaw's tool policy for my workspace does not offer it.`,
      ),
    };
  }

  if (RECALL.test(userText)) {
    return {
      kind: 'text',
      text: withMarker(
        context.memories.length > 0
          ? `From MEMORY.md I remember: ${listOf(context.memories)}.`
          : 'My MEMORY.md is empty: I remember nothing yet.',
      ),
    };
  }

  return { kind: 'text', text: withMarker(introduction(context, systemPrompt, tools)) };
}

/** A rough, deterministic token count (4 characters a token), for usage figures. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function promptTokensOf(request: ChatRequest): number {
  let characters = 0;
  for (const message of request.messages) {
    characters += textOf(message.content).length;
    for (const call of message.tool_calls ?? [])
      characters += call.function?.arguments?.length ?? 0;
  }
  characters += JSON.stringify(request.tools ?? []).length;
  return Math.ceil(characters / 4);
}
