/**
 * Field-for-field mapping of Bedrock's ApplyGuardrail response onto the port's shape. Type-only
 * imports: this module never loads the SDK.
 */
import type {
  ApplyGuardrailResponse,
  GuardrailAssessment as BedrockAssessment,
} from '@aws-sdk/client-bedrock-runtime';
import {
  type GuardrailAssessment,
  type GuardrailResponse,
  GuardrailUnavailableError,
  type PiiEntityType,
} from '../types.js';

const definedOnly = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

/** Maps one Bedrock assessment onto the port's shape (unknown fields dropped, arrays defaulted). */
export function mapBedrockAssessment(assessment: BedrockAssessment): GuardrailAssessment {
  const mapped: Record<string, unknown> = {};
  if (assessment.topicPolicy !== undefined) {
    mapped.topicPolicy = {
      topics: (assessment.topicPolicy.topics ?? []).map((topic) =>
        definedOnly({
          name: topic.name ?? '',
          type: 'DENY',
          action: topic.action ?? 'NONE',
          detected: topic.detected,
        }),
      ),
    };
  }
  if (assessment.contentPolicy !== undefined) {
    mapped.contentPolicy = {
      filters: (assessment.contentPolicy.filters ?? []).map((filter) =>
        definedOnly({
          type: filter.type,
          confidence: filter.confidence ?? 'NONE',
          filterStrength: filter.filterStrength,
          action: filter.action ?? 'NONE',
          detected: filter.detected,
        }),
      ),
    };
  }
  if (assessment.wordPolicy !== undefined) {
    mapped.wordPolicy = {
      customWords: (assessment.wordPolicy.customWords ?? []).map((word) =>
        definedOnly({
          match: word.match ?? '',
          action: word.action ?? 'NONE',
          detected: word.detected,
        }),
      ),
      managedWordLists: (assessment.wordPolicy.managedWordLists ?? []).map((word) =>
        definedOnly({
          match: word.match ?? '',
          type: word.type ?? 'PROFANITY',
          action: word.action ?? 'NONE',
          detected: word.detected,
        }),
      ),
    };
  }
  if (assessment.sensitiveInformationPolicy !== undefined) {
    mapped.sensitiveInformationPolicy = {
      piiEntities: (assessment.sensitiveInformationPolicy.piiEntities ?? []).map((entity) =>
        definedOnly({
          match: entity.match ?? '',
          type: entity.type as PiiEntityType,
          action: entity.action ?? 'NONE',
          detected: entity.detected,
        }),
      ),
      regexes: (assessment.sensitiveInformationPolicy.regexes ?? []).map((regex) =>
        definedOnly({
          name: regex.name,
          match: regex.match,
          regex: regex.regex,
          action: regex.action ?? 'NONE',
          detected: regex.detected,
        }),
      ),
    };
  }
  if (assessment.contextualGroundingPolicy !== undefined) {
    mapped.contextualGroundingPolicy = {
      filters: (assessment.contextualGroundingPolicy.filters ?? []).map((filter) =>
        definedOnly({
          type: filter.type,
          threshold: filter.threshold ?? 0,
          score: filter.score ?? 0,
          action: filter.action ?? 'NONE',
          detected: filter.detected,
        }),
      ),
    };
  }
  if (assessment.appliedGuardrailDetails !== undefined) {
    const details = assessment.appliedGuardrailDetails;
    mapped.appliedGuardrailDetails = definedOnly({
      guardrailId: details.guardrailId,
      guardrailVersion: details.guardrailVersion,
      guardrailArn: details.guardrailArn,
    });
  }
  return mapped as GuardrailAssessment;
}

/** Maps an ApplyGuardrail response; throws on an action the port does not know. */
export function mapBedrockResponse(
  id: string,
  response: ApplyGuardrailResponse,
): GuardrailResponse {
  if (response.action !== 'NONE' && response.action !== 'GUARDRAIL_INTERVENED') {
    throw new GuardrailUnavailableError(
      id,
      `Bedrock returned an unknown guardrail action for guardrail ${id}`,
      {
        retryable: false,
      },
    );
  }
  return {
    action: response.action,
    ...(response.actionReason === undefined ? {} : { actionReason: response.actionReason }),
    outputs: (response.outputs ?? []).map((output) => ({ text: output.text ?? '' })),
    assessments: (response.assessments ?? []).map(mapBedrockAssessment),
  };
}
