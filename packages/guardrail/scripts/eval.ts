/**
 * `npm run eval -w @clawforce/guardrail`: precision and recall of the local engine on the labelled
 * corpus, per entity type and per denied topic. Exits 1 when a target is missed.
 * Targets (issue 5): entity precision >= 0.97 and recall >= 0.95; topic precision >= 0.9, recall >= 0.8.
 */
import { evaluateCorpus, loadCorpus, missedTargets, type Score, TARGETS } from './evaluate.js';

const cases = loadCorpus();
const report = await evaluateCorpus(cases);

const row = (label: string, result: Score) =>
  `${label.padEnd(36)} ${String(result.truePositives).padStart(5)} ${String(result.falsePositives).padStart(5)} ${String(
    result.falseNegatives,
  ).padStart(5)}   ${result.precision.toFixed(3)}   ${result.recall.toFixed(3)}`;
const header = `${''.padEnd(36)} ${'TP'.padStart(5)} ${'FP'.padStart(5)} ${'FN'.padStart(5)}   prec.   recall`;

console.log(`Labelled corpus: ${report.cases} cases`);
console.log(
  `\nEntity types (targets: precision >= ${TARGETS.entityPrecision}, recall >= ${TARGETS.entityRecall})`,
);
console.log(header);
for (const [type, result] of Object.entries(report.entities)) console.log(row(type, result));
console.log(
  `\nDenied topics (targets: precision >= ${TARGETS.topicPrecision}, recall >= ${TARGETS.topicRecall})`,
);
console.log(header);
for (const [name, result] of Object.entries(report.topics)) console.log(row(name, result));

// The held-out file was written after the rules were frozen and is never used to tune them: its
// numbers estimate how the rules generalize, the totals above include it.
const holdout = cases.filter((item) => item.id.startsWith('holdout-'));
if (holdout.length > 0) {
  const held = await evaluateCorpus(holdout);
  console.log(`\nHeld-out subset (${held.cases} cases, not used for tuning; informational)`);
  console.log(header);
  for (const [type, result] of Object.entries(held.entities)) console.log(row(type, result));
  for (const [name, result] of Object.entries(held.topics))
    console.log(row(`topic: ${name}`, result));
}

if (report.misses.length > 0) {
  console.log(`\nErrors (${report.misses.length}):`);
  for (const miss of report.misses) {
    console.log(
      `  ${miss.kind.padEnd(15)} ${miss.label.padEnd(34)} ${miss.caseId}${miss.value === undefined ? '' : `  ${JSON.stringify(miss.value.slice(0, 60))}`}`,
    );
  }
}
const missed = missedTargets(report);
if (missed.length > 0) {
  console.log(`\nTargets missed:\n  ${missed.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log('\nAll targets met.');
}
