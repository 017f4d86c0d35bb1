/**
 * Quality gate: the local engine must keep meeting the targets on the labelled corpus.
 * A regression in a detector or a topic definition fails CI here, with the misses listed.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCorpus, loadCorpus, missedTargets, TARGETS } from '../scripts/evaluate.js';

describe('labelled corpus evaluation', () => {
  const cases = loadCorpus();

  it('has at least 600 cases across entities, near-misses, topics and look-alikes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(600);
    const entityTypes = new Set(
      cases.flatMap((item) => item.entities.map((entity) => entity.type)),
    );
    expect(entityTypes.size).toBe(10);
    expect(
      cases.filter((item) => item.entities.length === 0 && item.topics.length === 0).length,
    ).toBeGreaterThanOrEqual(200);
    expect(new Set(cases.flatMap((item) => item.topics)).size).toBe(3);
  });

  it('meets every precision and recall target', async () => {
    const report = await evaluateCorpus(cases);
    const missed = missedTargets(report);
    const misses = report.misses.map((miss) => `${miss.kind} ${miss.label} ${miss.caseId}`);
    expect({ missed, misses: missed.length > 0 ? misses : [] }).toEqual({ missed: [], misses: [] });
    for (const result of Object.values(report.entities)) {
      expect(result.precision).toBeGreaterThanOrEqual(TARGETS.entityPrecision);
      expect(result.recall).toBeGreaterThanOrEqual(TARGETS.entityRecall);
    }
    for (const result of Object.values(report.topics)) {
      expect(result.precision).toBeGreaterThanOrEqual(TARGETS.topicPrecision);
      expect(result.recall).toBeGreaterThanOrEqual(TARGETS.topicRecall);
    }
  });

  it('scores a detector that finds nothing as failing (the gate can fail)', async () => {
    const blind = {
      id: 'blind',
      assess: async () => ({ action: 'NONE' as const, outputs: [], assessments: [] }),
    };
    const report = await evaluateCorpus(cases.slice(0, 200), blind);
    expect(missedTargets(report).length).toBeGreaterThan(0);
  });
});
