/**
 * The Guardrail port, in Amazon Bedrock Guardrails' vocabulary (`ApplyGuardrail`): the same request
 * and response shapes whether the local policy engine or Bedrock stands behind it. Field names,
 * enum values and nesting follow the Bedrock Runtime API reference; the local engine adds two entity
 * types that Bedrock has no managed filter for (`PRIVATE_KEY`, `CN_RESIDENT_IDENTITY_NUMBER`).
 */

import { ClawforceError } from '@clawforce/core';

/** Which side of a turn is checked: the user's message or the agent's reply. */
export type GuardrailSource = 'INPUT' | 'OUTPUT';

/** `GUARDRAIL_INTERVENED` when any policy blocked or masked something. */
export type GuardrailAction = 'NONE' | 'GUARDRAIL_INTERVENED';

/** Bedrock's managed PII entity types (`GuardrailPiiEntityType`). */
export const BEDROCK_PII_ENTITY_TYPES = [
  'ADDRESS',
  'AGE',
  'AWS_ACCESS_KEY',
  'AWS_SECRET_KEY',
  'CA_HEALTH_NUMBER',
  'CA_SOCIAL_INSURANCE_NUMBER',
  'CREDIT_DEBIT_CARD_CVV',
  'CREDIT_DEBIT_CARD_EXPIRY',
  'CREDIT_DEBIT_CARD_NUMBER',
  'DRIVER_ID',
  'EMAIL',
  'INTERNATIONAL_BANK_ACCOUNT_NUMBER',
  'IP_ADDRESS',
  'LICENSE_PLATE',
  'MAC_ADDRESS',
  'NAME',
  'PASSWORD',
  'PHONE',
  'PIN',
  'SWIFT_CODE',
  'UK_NATIONAL_HEALTH_SERVICE_NUMBER',
  'UK_NATIONAL_INSURANCE_NUMBER',
  'UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER',
  'URL',
  'USERNAME',
  'US_BANK_ACCOUNT_NUMBER',
  'US_BANK_ROUTING_NUMBER',
  'US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER',
  'US_PASSPORT_NUMBER',
  'US_SOCIAL_SECURITY_NUMBER',
  'VEHICLE_IDENTIFICATION_NUMBER',
] as const;

/** Entity types the local engine detects that Bedrock has no managed filter for. */
export const LOCAL_ONLY_ENTITY_TYPES = ['PRIVATE_KEY', 'CN_RESIDENT_IDENTITY_NUMBER'] as const;

export type PiiEntityType =
  | (typeof BEDROCK_PII_ENTITY_TYPES)[number]
  | (typeof LOCAL_ONLY_ENTITY_TYPES)[number];

/** What the guardrail did with one finding (`GuardrailSensitiveInformationPolicyAction`). */
export type SensitiveInformationAction = 'ANONYMIZED' | 'BLOCKED' | 'NONE';
/** `GuardrailTopicPolicyAction`, `GuardrailWordPolicyAction`, `GuardrailContentPolicyAction`. */
export type BlockingAction = 'BLOCKED' | 'NONE';

export interface PiiEntityFinding {
  /** The matched text, as Bedrock returns it. Sensitive: never log it. */
  readonly match: string;
  readonly type: PiiEntityType;
  readonly action: SensitiveInformationAction;
  readonly detected?: boolean;
}

export interface RegexFinding {
  readonly name?: string;
  /** The matched text. Sensitive: never log it. */
  readonly match?: string;
  readonly regex?: string;
  readonly action: SensitiveInformationAction;
  readonly detected?: boolean;
}

export interface SensitiveInformationPolicyAssessment {
  readonly piiEntities: readonly PiiEntityFinding[];
  readonly regexes: readonly RegexFinding[];
}

export interface TopicFinding {
  readonly name: string;
  readonly type: 'DENY';
  readonly action: BlockingAction;
  readonly detected?: boolean;
}

export interface TopicPolicyAssessment {
  readonly topics: readonly TopicFinding[];
}

export interface CustomWordFinding {
  readonly match: string;
  readonly action: BlockingAction;
  readonly detected?: boolean;
}

export interface ManagedWordFinding {
  readonly match: string;
  readonly type: 'PROFANITY';
  readonly action: BlockingAction;
  readonly detected?: boolean;
}

export interface WordPolicyAssessment {
  readonly customWords: readonly CustomWordFinding[];
  readonly managedWordLists: readonly ManagedWordFinding[];
}

export type ContentFilterType =
  | 'HATE'
  | 'INSULTS'
  | 'MISCONDUCT'
  | 'PROMPT_ATTACK'
  | 'SEXUAL'
  | 'VIOLENCE';

export interface ContentFilterFinding {
  readonly type: ContentFilterType;
  readonly confidence: 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
  readonly filterStrength?: 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
  readonly action: BlockingAction;
  readonly detected?: boolean;
}

export interface ContentPolicyAssessment {
  readonly filters: readonly ContentFilterFinding[];
}

export interface ContextualGroundingFinding {
  readonly type: 'GROUNDING' | 'RELEVANCE';
  readonly threshold: number;
  readonly score: number;
  readonly action: BlockingAction;
  readonly detected?: boolean;
}

export interface ContextualGroundingPolicyAssessment {
  readonly filters: readonly ContextualGroundingFinding[];
}

/** Which guardrail produced an assessment (Bedrock's `appliedGuardrailDetails`). */
export interface AppliedGuardrailDetails {
  readonly guardrailId?: string;
  readonly guardrailVersion?: string;
  readonly guardrailArn?: string;
}

/** One guardrail's findings (Bedrock's `GuardrailAssessment`). */
export interface GuardrailAssessment {
  readonly topicPolicy?: TopicPolicyAssessment;
  readonly contentPolicy?: ContentPolicyAssessment;
  readonly wordPolicy?: WordPolicyAssessment;
  readonly sensitiveInformationPolicy?: SensitiveInformationPolicyAssessment;
  readonly contextualGroundingPolicy?: ContextualGroundingPolicyAssessment;
  readonly appliedGuardrailDetails?: AppliedGuardrailDetails;
}

export interface GuardrailOutputContent {
  readonly text: string;
}

export interface GuardrailRequest {
  readonly source: GuardrailSource;
  readonly content: string;
}

/** Bedrock's `ApplyGuardrailResponse`, less usage and coverage accounting. */
export interface GuardrailResponse {
  readonly action: GuardrailAction;
  readonly actionReason?: string;
  /**
   * When the guardrail intervened: the masked text (anonymization only) or the guardrail's own
   * blocked message. Empty when the action is `NONE`.
   */
  readonly outputs: readonly GuardrailOutputContent[];
  readonly assessments: readonly GuardrailAssessment[];
}

export interface AssessOptions {
  /** Aborts a remote call (the local engine is synchronous and ignores it). */
  readonly signal?: AbortSignal;
}

/** The port: one guardrail, local or remote, that checks one piece of text. */
export interface Guardrail {
  /** The id this guardrail is configured under (`acme-standard`). */
  readonly id: string;
  assess(request: GuardrailRequest, options?: AssessOptions): Promise<GuardrailResponse>;
}

/**
 * Thrown when a guardrail could not give an answer (network, throttling after retries, a malformed
 * response). `withGuardrail` treats it, like any error thrown by `assess`, as a guardrail failure:
 * fail-closed unless the runtime is explicitly fail-open.
 */
export class GuardrailUnavailableError extends ClawforceError {
  override readonly name: string = 'GuardrailUnavailableError';
  readonly guardrailId: string;
  /** True when retrying later may succeed (throttling, 5xx, timeouts). */
  readonly retryable: boolean;

  constructor(
    guardrailId: string,
    message: string,
    options: { retryable: boolean; cause?: unknown },
  ) {
    super(
      'unavailable',
      message,
      { guardrailId, retryable: options.retryable },
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.guardrailId = guardrailId;
    this.retryable = options.retryable;
  }
}
