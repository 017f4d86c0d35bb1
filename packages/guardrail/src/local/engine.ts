/**
 * The local policy engine: the embedded default guardrail. No network, no model: validating
 * detectors for sensitive information, custom RE2 regexes, denied topics recognized by phrases and
 * term combinations, and word filters, all over text normalized once (NFKC, invisible characters
 * removed). Its answer has Bedrock ApplyGuardrail's shape.
 */
import { assertId, ClawforceError, parse } from '@clawforce/core';
import {
  detectEntities,
  type EntityMatch,
  type LocalEntityType,
} from '../internal/detectors/index.js';
import { compileSafeRegex, type SafeRegex } from '../internal/safe-regex.js';
import { compileTerms, foldTerm, type TermMatcher } from '../internal/terms.js';
import { applyReplacements, prepareText, type Replacement } from '../internal/text.js';
import type {
  CustomWordFinding,
  Guardrail,
  GuardrailAssessment,
  GuardrailRequest,
  GuardrailResponse,
  GuardrailSource,
  PiiEntityFinding,
  RegexFinding,
  SensitiveInformationAction,
  TopicFinding,
} from '../types.js';
import {
  type LocalGuardrailDefinition,
  type LocalGuardrailDefinitionInput,
  localGuardrailDefinitionSchema,
} from './definition.js';

type SensitiveConfigAction = 'BLOCK' | 'ANONYMIZE' | 'NONE';

interface DirectionalSettings<A extends string> {
  readonly action: A;
  readonly inputAction?: A | undefined;
  readonly outputAction?: A | undefined;
  readonly inputEnabled?: boolean | undefined;
  readonly outputEnabled?: boolean | undefined;
}

/** The action for one direction, or undefined when the check is off for it. */
function actionFor<A extends string>(
  settings: DirectionalSettings<A>,
  source: GuardrailSource,
): A | undefined {
  if (source === 'INPUT') {
    return settings.inputEnabled === false ? undefined : (settings.inputAction ?? settings.action);
  }
  return settings.outputEnabled === false ? undefined : (settings.outputAction ?? settings.action);
}

const toFindingAction = (action: SensitiveConfigAction): SensitiveInformationAction =>
  action === 'BLOCK' ? 'BLOCKED' : action === 'ANONYMIZE' ? 'ANONYMIZED' : 'NONE';

interface CompiledRegex {
  readonly name: string;
  readonly pattern: string;
  readonly regex: SafeRegex;
  readonly settings: DirectionalSettings<SensitiveConfigAction>;
}

interface CompiledTopic {
  readonly name: string;
  readonly settings: DirectionalSettings<'BLOCK' | 'NONE'>;
  readonly phraseIds: readonly number[];
  readonly combinations: readonly (readonly (readonly number[])[])[];
  readonly exclusionIds: readonly number[];
}

interface CompiledWord {
  readonly text: string;
  readonly termId: number;
  readonly settings: DirectionalSettings<'BLOCK' | 'NONE'>;
}

interface CompiledDefinition {
  readonly definition: LocalGuardrailDefinition;
  readonly entities: ReadonlyMap<LocalEntityType, DirectionalSettings<SensitiveConfigAction>>;
  readonly regexes: readonly CompiledRegex[];
  readonly topics: readonly CompiledTopic[];
  readonly words: readonly CompiledWord[];
  readonly terms: TermMatcher;
  readonly hasTerms: boolean;
}

/**
 * Validates and compiles a definition: zod shape, then every regex through RE2 and every term.
 * Throws `validation_failed` naming the offending field.
 */
export function compileLocalDefinition(input: unknown): CompiledDefinition {
  const definition = parse(localGuardrailDefinitionSchema, input, 'guardrail definition');
  const sensitive = definition.sensitiveInformationPolicyConfig;
  const entities = new Map<LocalEntityType, DirectionalSettings<SensitiveConfigAction>>();
  sensitive?.piiEntitiesConfig.forEach((entity, index) => {
    if (entities.has(entity.type)) {
      throw invalid(
        `sensitiveInformationPolicyConfig.piiEntitiesConfig.${index}.type`,
        `${entity.type} is configured twice`,
      );
    }
    entities.set(entity.type, entity);
  });

  const regexes = (sensitive?.regexesConfig ?? []).map((config, index): CompiledRegex => {
    const compiled = compileSafeRegex(config.pattern);
    if (!compiled.ok) {
      throw invalid(
        `sensitiveInformationPolicyConfig.regexesConfig.${index}.pattern`,
        `regex ${config.name} is ${compiled.reason}`,
      );
    }
    return { name: config.name, pattern: config.pattern, regex: compiled.regex, settings: config };
  });

  const termList: ReturnType<typeof foldTerm>[] = [];
  const addTerm = (term: string) => {
    termList.push(foldTerm(term));
    return termList.length - 1;
  };
  const topics = (definition.topicPolicyConfig?.topicsConfig ?? []).map(
    (topic): CompiledTopic => ({
      name: topic.name,
      settings: topic,
      phraseIds: [...topic.match.phrases, ...topic.examples].map(addTerm),
      combinations: topic.match.combinations.map((groups) =>
        groups.map((group) => group.map(addTerm)),
      ),
      exclusionIds: topic.match.exclusions.map(addTerm),
    }),
  );
  const words = (definition.wordPolicyConfig?.wordsConfig ?? []).map(
    (word): CompiledWord => ({ text: word.text, termId: addTerm(word.text), settings: word }),
  );
  return {
    definition,
    entities,
    regexes,
    topics,
    words,
    terms: compileTerms(termList),
    hasTerms: termList.length > 0,
  };
}

function invalid(path: string, message: string): ClawforceError {
  return new ClawforceError(
    'validation_failed',
    `guardrail definition is invalid: ${path}: ${message}`,
    [{ path, code: 'invalid_value', message }],
  );
}

export interface LocalGuardrailOptions {
  /** The id the guardrail is configured under (reported in `appliedGuardrailDetails`). */
  readonly id: string;
  readonly definition: LocalGuardrailDefinitionInput;
}

/** Creates the local policy engine for one definition. Throws `validation_failed` on a bad one. */
export function createLocalGuardrail(options: LocalGuardrailOptions): Guardrail {
  const id = assertId(options.id, 'id');
  const compiled = compileLocalDefinition(options.definition);
  return {
    id,
    // async: a bad request becomes a rejected promise, never a synchronous throw.
    async assess(request) {
      return assessLocally(id, compiled, request);
    },
  };
}

function validateRequest(request: GuardrailRequest): void {
  if (typeof request !== 'object' || request === null) {
    throw new ClawforceError('validation_failed', 'guardrail request must be an object');
  }
  if (request.source !== 'INPUT' && request.source !== 'OUTPUT') {
    throw new ClawforceError(
      'validation_failed',
      'guardrail request is invalid: source must be INPUT or OUTPUT',
      [{ path: 'source', code: 'invalid_value', message: 'must be INPUT or OUTPUT' }],
    );
  }
  if (typeof request.content !== 'string') {
    throw new ClawforceError(
      'validation_failed',
      'guardrail request is invalid: content must be a string',
      [{ path: 'content', code: 'invalid_type', message: 'must be a string' }],
    );
  }
}

/** Synchronous core of the local engine, exported for the evaluation harness and benchmarks. */
export function assessLocally(
  id: string,
  compiled: CompiledDefinition,
  request: GuardrailRequest,
): GuardrailResponse {
  validateRequest(request);
  const { source } = request;
  const prepared = prepareText(request.content);
  const text = prepared.normalized;

  const entityActions = new Map<LocalEntityType, SensitiveConfigAction>();
  for (const [type, settings] of compiled.entities) {
    const action = actionFor(settings, source);
    if (action !== undefined) entityActions.set(type, action);
  }
  const entityMatches: EntityMatch[] =
    entityActions.size === 0 ? [] : detectEntities(text, new Set(entityActions.keys()));

  const replacements: Replacement[] = [];
  let blocked = false;
  const piiEntities: PiiEntityFinding[] = entityMatches.map((match) => {
    const action = entityActions.get(match.type as LocalEntityType) ?? 'NONE';
    if (action === 'BLOCK') blocked = true;
    if (action === 'ANONYMIZE') replacements.push({ ...match, placeholder: `{${match.type}}` });
    return {
      match: text.slice(match.start, match.end),
      type: match.type,
      action: toFindingAction(action),
      detected: true,
    };
  });

  const regexes: RegexFinding[] = [];
  for (const regex of compiled.regexes) {
    const action = actionFor(regex.settings, source);
    if (action === undefined) continue;
    for (const span of regex.regex.findAll(text)) {
      if (action === 'BLOCK') blocked = true;
      if (action === 'ANONYMIZE') replacements.push({ ...span, placeholder: `{${regex.name}}` });
      regexes.push({
        name: regex.name,
        match: text.slice(span.start, span.end),
        regex: regex.pattern,
        action: toFindingAction(action),
        detected: true,
      });
    }
  }

  const topics: TopicFinding[] = [];
  const customWords: CustomWordFinding[] = [];
  if (compiled.hasTerms) {
    const present = compiled.terms.findIn(text);
    if (present.size > 0) {
      for (const topic of compiled.topics) {
        const action = actionFor(topic.settings, source);
        if (action === undefined || !topicPresent(topic, present)) continue;
        if (action === 'BLOCK') blocked = true;
        topics.push({
          name: topic.name,
          type: 'DENY',
          action: action === 'BLOCK' ? 'BLOCKED' : 'NONE',
          detected: true,
        });
      }
      for (const word of compiled.words) {
        const action = actionFor(word.settings, source);
        if (action === undefined || !present.has(word.termId)) continue;
        if (action === 'BLOCK') blocked = true;
        customWords.push({
          match: word.text,
          action: action === 'BLOCK' ? 'BLOCKED' : 'NONE',
          detected: true,
        });
      }
    }
  }

  const assessment: GuardrailAssessment = {
    ...(topics.length > 0 ? { topicPolicy: { topics } } : {}),
    ...(customWords.length > 0 ? { wordPolicy: { customWords, managedWordLists: [] } } : {}),
    ...(piiEntities.length > 0 || regexes.length > 0
      ? { sensitiveInformationPolicy: { piiEntities, regexes } }
      : {}),
    appliedGuardrailDetails: { guardrailId: id },
  };
  if (blocked) {
    const message =
      source === 'INPUT'
        ? compiled.definition.blockedInputMessaging
        : compiled.definition.blockedOutputsMessaging;
    return {
      action: 'GUARDRAIL_INTERVENED',
      actionReason: 'Guardrail blocked.',
      outputs: [{ text: message }],
      assessments: [assessment],
    };
  }
  if (replacements.length > 0) {
    return {
      action: 'GUARDRAIL_INTERVENED',
      actionReason: 'Guardrail masked sensitive information.',
      outputs: [{ text: applyReplacements(prepared, replacements) }],
      assessments: [assessment],
    };
  }
  return { action: 'NONE', outputs: [], assessments: [assessment] };
}

function topicPresent(topic: CompiledTopic, present: ReadonlySet<number>): boolean {
  if (topic.phraseIds.some((id) => present.has(id))) return true;
  if (topic.exclusionIds.some((id) => present.has(id))) return false;
  return topic.combinations.some((groups) =>
    groups.every((group) => group.some((id) => present.has(id))),
  );
}
