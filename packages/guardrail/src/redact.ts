/**
 * What an audit event may say about a checked message: which policies acted, which entity types
 * and topics were involved, and a short snippet with every finding masked. Engine-agnostic: the
 * snippet masks what the guardrail reported (its `match` values) and, as a second line of
 * defence, everything the local detectors find, so even a Bedrock topic block never writes a card
 * number into the audit log.
 */
import {
  detectEntities,
  LOCAL_ENTITY_TYPES,
  type LocalEntityType,
} from './internal/detectors/index.js';
import { applyReplacements, prepareText, type Replacement } from './internal/text.js';
import type { GuardrailResponse } from './types.js';

export interface GuardrailFindingSummary {
  /** Policies with a finding that blocked or masked (`sensitiveInformationPolicy`, `topicPolicy`...). */
  readonly policies: readonly string[];
  readonly entityTypes: readonly string[];
  readonly regexNames: readonly string[];
  readonly topics: readonly string[];
  /** Custom words are counted, never named: a word list may itself be confidential. */
  readonly customWordCount: number;
  readonly managedWordLists: readonly string[];
  readonly contentFilters: readonly string[];
  readonly contextualGroundingFilters: readonly string[];
  readonly blocked: boolean;
  readonly anonymized: boolean;
}

const unique = (values: Iterable<string>) => [...new Set(values)].sort();

/** The findings that acted (BLOCKED or ANONYMIZED), across every assessment. */
export function summarizeFindings(response: GuardrailResponse): GuardrailFindingSummary {
  const policies = new Set<string>();
  const entityTypes: string[] = [];
  const regexNames: string[] = [];
  const topics: string[] = [];
  const managedWordLists: string[] = [];
  const contentFilters: string[] = [];
  const contextualGroundingFilters: string[] = [];
  let customWordCount = 0;
  let blocked = false;
  let anonymized = false;
  const acted = (action: string) => {
    if (action === 'BLOCKED') blocked = true;
    if (action === 'ANONYMIZED') anonymized = true;
    return action === 'BLOCKED' || action === 'ANONYMIZED';
  };
  for (const assessment of response.assessments) {
    for (const entity of assessment.sensitiveInformationPolicy?.piiEntities ?? []) {
      if (!acted(entity.action)) continue;
      policies.add('sensitiveInformationPolicy');
      entityTypes.push(entity.type);
    }
    for (const regex of assessment.sensitiveInformationPolicy?.regexes ?? []) {
      if (!acted(regex.action)) continue;
      policies.add('sensitiveInformationPolicy');
      regexNames.push(regex.name ?? 'regex');
    }
    for (const topic of assessment.topicPolicy?.topics ?? []) {
      if (!acted(topic.action)) continue;
      policies.add('topicPolicy');
      topics.push(topic.name);
    }
    for (const word of assessment.wordPolicy?.customWords ?? []) {
      if (!acted(word.action)) continue;
      policies.add('wordPolicy');
      customWordCount += 1;
    }
    for (const word of assessment.wordPolicy?.managedWordLists ?? []) {
      if (!acted(word.action)) continue;
      policies.add('wordPolicy');
      managedWordLists.push(word.type);
    }
    for (const filter of assessment.contentPolicy?.filters ?? []) {
      if (!acted(filter.action)) continue;
      policies.add('contentPolicy');
      contentFilters.push(filter.type);
    }
    for (const filter of assessment.contextualGroundingPolicy?.filters ?? []) {
      if (!acted(filter.action)) continue;
      policies.add('contextualGroundingPolicy');
      contextualGroundingFilters.push(filter.type);
    }
  }
  // A guardrail may intervene with findings we do not model; the action still counts.
  if (!blocked && !anonymized && response.action === 'GUARDRAIL_INTERVENED') blocked = true;
  return {
    policies: unique(policies),
    entityTypes: unique(entityTypes),
    regexNames: unique(regexNames),
    topics: unique(topics),
    customWordCount,
    managedWordLists: unique(managedWordLists),
    contentFilters: unique(contentFilters),
    contextualGroundingFilters: unique(contextualGroundingFilters),
    blocked,
    anonymized,
  };
}

const ALL_LOCAL_TYPES: ReadonlySet<LocalEntityType> = new Set(LOCAL_ENTITY_TYPES);
/** Enough text after the snippet for any entity that starts inside it to be seen whole. */
const LOOKAHEAD = 4_096;

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/**
 * The first `maxLength` characters of `content` with every finding masked (`{EMAIL}`, `{WORD}`...)
 * and whitespace collapsed: safe to store in an audit log.
 */
export function redactedSnippet(
  content: string,
  response: GuardrailResponse | undefined,
  maxLength = 160,
): string {
  const head = content.slice(0, maxLength + LOOKAHEAD);
  const prepared = prepareText(head);
  const text = prepared.normalized;
  const replacements: Replacement[] = detectEntities(text, ALL_LOCAL_TYPES).map((match) => ({
    ...match,
    placeholder: `{${match.type}}`,
  }));
  const reported: { value: string; placeholder: string }[] = [];
  for (const assessment of response?.assessments ?? []) {
    for (const entity of assessment.sensitiveInformationPolicy?.piiEntities ?? []) {
      reported.push({ value: entity.match, placeholder: `{${entity.type}}` });
    }
    for (const regex of assessment.sensitiveInformationPolicy?.regexes ?? []) {
      if (regex.match !== undefined)
        reported.push({ value: regex.match, placeholder: `{${regex.name ?? 'REGEX'}}` });
    }
    for (const word of assessment.wordPolicy?.customWords ?? []) {
      reported.push({ value: word.match, placeholder: '{WORD}' });
    }
    for (const word of assessment.wordPolicy?.managedWordLists ?? []) {
      reported.push({ value: word.match, placeholder: '{WORD}' });
    }
  }
  for (const { value, placeholder } of reported) {
    const needle = prepareText(value).normalized.trim();
    if (needle.length === 0) continue;
    const pattern = new RegExp(escapeRegex(needle).replace(/\s+/g, '\\s+'), 'gi');
    for (let hit = pattern.exec(text); hit !== null; hit = pattern.exec(text)) {
      replacements.push({ start: hit.index, end: hit.index + hit[0].length, placeholder });
    }
  }
  const masked = applyReplacements(prepared, replacements).replace(/\s+/g, ' ').trim();
  if (masked.length <= maxLength) return masked;
  // Never cut a surrogate pair in half.
  let cut = maxLength - 1;
  const code = masked.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${masked.slice(0, cut)}…`;
}
