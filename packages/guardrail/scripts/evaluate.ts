/**
 * Scores the local engine against the labelled corpus (`corpus/*.jsonl`): precision and recall per
 * entity type (exact spans, compared after normalization) and per denied topic (per message).
 * Used by `npm run eval` and by the evaluation test that keeps CI honest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acmeStandardGuardrail } from '../src/demo/index.js';
import { prepareText } from '../src/internal/text.js';
import { createLocalGuardrail } from '../src/local/engine.js';
import type { Guardrail } from '../src/types.js';

export interface CorpusCase {
  readonly id: string;
  readonly text: string;
  readonly entities: readonly { readonly type: string; readonly value: string }[];
  readonly topics: readonly string[];
  readonly note?: string;
}

export const CORPUS_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus');

export const TARGETS = {
  entityPrecision: 0.97,
  entityRecall: 0.95,
  topicPrecision: 0.9,
  topicRecall: 0.8,
} as const;

function isCase(value: unknown): value is CorpusCase {
  const candidate = value as Partial<CorpusCase> | null;
  return (
    typeof candidate?.id === 'string' &&
    typeof candidate.text === 'string' &&
    Array.isArray(candidate.entities) &&
    candidate.entities.every(
      (entity) => typeof entity?.type === 'string' && typeof entity.value === 'string',
    ) &&
    Array.isArray(candidate.topics) &&
    candidate.topics.every((topic) => typeof topic === 'string')
  );
}

/** Every case in `directory/*.jsonl`; throws on a malformed line or a duplicate id. */
export function loadCorpus(directory = CORPUS_DIRECTORY): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const ids = new Set<string>();
  for (const file of readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()) {
    readFileSync(join(directory, file), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.trim() === '') return;
        const parsed: unknown = JSON.parse(line);
        if (!isCase(parsed)) throw new Error(`${file}:${index + 1} is not a corpus case`);
        if (ids.has(parsed.id)) throw new Error(`${file}:${index + 1} repeats id ${parsed.id}`);
        ids.add(parsed.id);
        cases.push(parsed);
      });
  }
  return cases;
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
}

export interface Miss {
  readonly caseId: string;
  readonly kind: 'false-positive' | 'false-negative';
  readonly label: string;
  readonly value?: string;
}

export interface EvaluationReport {
  readonly cases: number;
  readonly entities: Readonly<Record<string, Score>>;
  readonly topics: Readonly<Record<string, Score>>;
  readonly misses: readonly Miss[];
}

const ratio = (numerator: number, denominator: number) =>
  denominator === 0 ? 1 : numerator / denominator;

function score(): Score {
  return {
    truePositives: 0,
    falsePositives: 0,
    falseNegatives: 0,
    get precision() {
      return ratio(this.truePositives, this.truePositives + this.falsePositives);
    },
    get recall() {
      return ratio(this.truePositives, this.truePositives + this.falseNegatives);
    },
  };
}

const normalize = (value: string) => prepareText(value).normalized.trim();

/** The demo standard guardrail, which configures every entity type the local engine has. */
export function demoGuardrail(): Guardrail {
  return createLocalGuardrail({ id: 'acme-standard', definition: acmeStandardGuardrail });
}

export async function evaluateCorpus(
  cases: readonly CorpusCase[] = loadCorpus(),
  guardrail: Guardrail = demoGuardrail(),
): Promise<EvaluationReport> {
  const entities = new Map<string, Score>();
  const topics = new Map<string, Score>();
  const misses: Miss[] = [];
  const entityScore = (type: string) => {
    let found = entities.get(type);
    if (found === undefined) {
      found = score();
      entities.set(type, found);
    }
    return found;
  };
  const topicScore = (name: string) => {
    let found = topics.get(name);
    if (found === undefined) {
      found = score();
      topics.set(name, found);
    }
    return found;
  };
  for (const topic of acmeStandardGuardrail.topicPolicyConfig?.topicsConfig ?? [])
    topicScore(topic.name);

  for (const item of cases) {
    const response = await guardrail.assess({ source: 'INPUT', content: item.text });
    const predicted = response.assessments.flatMap((assessment) =>
      (assessment.sensitiveInformationPolicy?.piiEntities ?? []).map((entity) => ({
        type: entity.type as string,
        value: normalize(entity.match),
      })),
    );
    const expected = item.entities.map((entity) => ({
      type: entity.type,
      value: normalize(entity.value),
    }));
    const unmatched = [...expected];
    for (const prediction of predicted) {
      const index = unmatched.findIndex(
        (label) => label.type === prediction.type && label.value === prediction.value,
      );
      if (index >= 0) {
        entityScore(prediction.type).truePositives += 1;
        unmatched.splice(index, 1);
      } else {
        entityScore(prediction.type).falsePositives += 1;
        misses.push({
          caseId: item.id,
          kind: 'false-positive',
          label: prediction.type,
          value: prediction.value,
        });
      }
    }
    for (const label of unmatched) {
      entityScore(label.type).falseNegatives += 1;
      misses.push({
        caseId: item.id,
        kind: 'false-negative',
        label: label.type,
        value: label.value,
      });
    }

    const predictedTopics = new Set(
      response.assessments.flatMap((assessment) =>
        (assessment.topicPolicy?.topics ?? []).map((topic) => topic.name),
      ),
    );
    for (const name of predictedTopics) {
      if (item.topics.includes(name)) {
        topicScore(name).truePositives += 1;
      } else {
        topicScore(name).falsePositives += 1;
        misses.push({ caseId: item.id, kind: 'false-positive', label: name });
      }
    }
    for (const name of item.topics) {
      if (!predictedTopics.has(name)) {
        topicScore(name).falseNegatives += 1;
        misses.push({ caseId: item.id, kind: 'false-negative', label: name });
      }
    }
  }
  return {
    cases: cases.length,
    entities: Object.fromEntries([...entities].sort(([a], [b]) => a.localeCompare(b))),
    topics: Object.fromEntries([...topics].sort(([a], [b]) => a.localeCompare(b))),
    misses,
  };
}

/** One line per missed target; empty when every target is met. */
export function missedTargets(report: EvaluationReport): string[] {
  const missed: string[] = [];
  for (const [type, result] of Object.entries(report.entities)) {
    if (result.precision < TARGETS.entityPrecision) {
      missed.push(`${type}: precision ${result.precision.toFixed(3)} < ${TARGETS.entityPrecision}`);
    }
    if (result.recall < TARGETS.entityRecall) {
      missed.push(`${type}: recall ${result.recall.toFixed(3)} < ${TARGETS.entityRecall}`);
    }
  }
  for (const [name, result] of Object.entries(report.topics)) {
    if (result.precision < TARGETS.topicPrecision) {
      missed.push(
        `topic ${name}: precision ${result.precision.toFixed(3)} < ${TARGETS.topicPrecision}`,
      );
    }
    if (result.recall < TARGETS.topicRecall) {
      missed.push(`topic ${name}: recall ${result.recall.toFixed(3)} < ${TARGETS.topicRecall}`);
    }
  }
  return missed;
}
