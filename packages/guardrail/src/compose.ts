/**
 * Several guardrails in sequence, seen as one. The first guardrail that blocks ends the chain and
 * its answer wins. A guardrail that only masks is an intervention too, but the chain goes on with
 * the masked text, so a later guardrail still checks the message (and never sees what was masked);
 * the result is then the last masked text with every assessment so far.
 */
import { assertId, ClawforceError } from '@clawforce/core';
import type { Guardrail, GuardrailAssessment, GuardrailResponse } from './types.js';

function blocks(response: GuardrailResponse): boolean {
  if (response.action !== 'GUARDRAIL_INTERVENED') return false;
  let masked = false;
  let blocked = false;
  for (const assessment of response.assessments) {
    const sensitive = assessment.sensitiveInformationPolicy;
    for (const finding of [...(sensitive?.piiEntities ?? []), ...(sensitive?.regexes ?? [])]) {
      if (finding.action === 'BLOCKED') blocked = true;
      if (finding.action === 'ANONYMIZED') masked = true;
    }
    const others = [
      ...(assessment.topicPolicy?.topics ?? []),
      ...(assessment.wordPolicy?.customWords ?? []),
      ...(assessment.wordPolicy?.managedWordLists ?? []),
      ...(assessment.contentPolicy?.filters ?? []),
      ...(assessment.contextualGroundingPolicy?.filters ?? []),
    ];
    if (others.some((finding) => finding.action === 'BLOCKED')) blocked = true;
  }
  // An intervention with nothing masked (or no masked text to pass on) is a block, even if its
  // reasons are not modelled here.
  return blocked || !masked || response.outputs.length === 0;
}

/** One guardrail that runs `guardrails` in order (see the module comment for the rules). */
export function composeGuardrails(id: string, guardrails: readonly Guardrail[]): Guardrail {
  assertId(id, 'id');
  if (guardrails.length === 0) {
    throw new ClawforceError(
      'validation_failed',
      'a guardrail sequence needs at least one guardrail',
      [{ path: 'guardrails', code: 'too_small', message: 'must not be empty' }],
    );
  }
  const chain = [...guardrails];
  return {
    id,
    async assess(request, options) {
      let content = request.content;
      let masked: GuardrailResponse | undefined;
      const assessments: GuardrailAssessment[] = [];
      for (const guardrail of chain) {
        const response = await guardrail.assess({ source: request.source, content }, options);
        assessments.push(...response.assessments);
        if (response.action === 'NONE') continue;
        if (blocks(response)) return { ...response, assessments };
        masked = response;
        content = response.outputs.map((output) => output.text).join('');
      }
      if (masked === undefined) return { action: 'NONE', outputs: [], assessments };
      return { ...masked, outputs: [{ text: content }], assessments };
    },
  };
}
