import { createHash } from 'node:crypto';
import { aws_bedrock as bedrock } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface StandardGuardrailProps {
  readonly stage: string;
}

/** PII the standard tier never lets through: secrets and financial identifiers are blocked, contact details masked. */
const PII_ENTITIES: readonly { type: string; action: 'BLOCK' | 'ANONYMIZE' }[] = [
  { type: 'AWS_ACCESS_KEY', action: 'BLOCK' },
  { type: 'AWS_SECRET_KEY', action: 'BLOCK' },
  { type: 'PASSWORD', action: 'BLOCK' },
  { type: 'CREDIT_DEBIT_CARD_NUMBER', action: 'BLOCK' },
  { type: 'CREDIT_DEBIT_CARD_CVV', action: 'BLOCK' },
  { type: 'US_SOCIAL_SECURITY_NUMBER', action: 'BLOCK' },
  { type: 'US_BANK_ACCOUNT_NUMBER', action: 'BLOCK' },
  { type: 'INTERNATIONAL_BANK_ACCOUNT_NUMBER', action: 'BLOCK' },
  { type: 'EMAIL', action: 'ANONYMIZE' },
  { type: 'PHONE', action: 'ANONYMIZE' },
];

/** Topics an employee's agent on the standard tier does not discuss. */
const DENIED_TOPICS = [
  {
    name: 'Colleague compensation',
    definition:
      'Salaries, bonuses, equity, performance ratings or disciplinary records of individual colleagues other than the asking employee.',
    examples: ['How much does my manager earn?', "What was Carol's performance rating last year?"],
  },
  {
    name: 'Legal advice',
    definition:
      'Requests for a legal opinion on contracts, disputes, employment law or regulatory exposure, which only the legal department gives.',
    examples: [
      'Can we terminate this contract without penalty?',
      'Am I allowed to record this call?',
    ],
  },
  {
    name: 'Investment advice',
    definition: 'Recommendations to buy, sell or hold securities, including the company stock.',
    examples: ['Should I sell my company shares before earnings?'],
  },
] as const;

const CONTENT_FILTERS = ['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT'] as const;

/**
 * The Bedrock guardrail of the standard tier: PII filters, denied topics, content filters and
 * prompt-attack detection. The executive tier runs without it. A version is published for every
 * change of the policy (its description carries the policy's hash), and the runtimes pin it.
 */
export class StandardGuardrail extends Construct {
  readonly guardrail: bedrock.CfnGuardrail;
  readonly version: bedrock.CfnGuardrailVersion;

  constructor(scope: Construct, id: string, props: StandardGuardrailProps) {
    super(scope, id);
    const policy = {
      sensitiveInformationPolicyConfig: {
        piiEntitiesConfig: PII_ENTITIES.map((entity) => ({ ...entity })),
      },
      topicPolicyConfig: {
        topicsConfig: DENIED_TOPICS.map((topic) => ({
          name: topic.name,
          definition: topic.definition,
          examples: [...topic.examples],
          type: 'DENY',
        })),
      },
      contentPolicyConfig: {
        filtersConfig: [
          ...CONTENT_FILTERS.map((type) => ({
            type,
            inputStrength: 'HIGH',
            outputStrength: 'HIGH',
          })),
          { type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' },
        ],
      },
    };
    this.guardrail = new bedrock.CfnGuardrail(this, 'Guardrail', {
      name: `clawforce-${props.stage}-standard`,
      description: 'Clawforce standard tier: PII, denied topics, content and prompt-attack filters',
      blockedInputMessaging:
        'This request was blocked by company policy. Ask your IT team if you think that is wrong.',
      blockedOutputsMessaging: 'The answer was withheld by company policy.',
      ...policy,
    });
    const digest = createHash('sha256').update(JSON.stringify(policy)).digest('hex').slice(0, 16);
    this.version = new bedrock.CfnGuardrailVersion(this, 'Version', {
      guardrailIdentifier: this.guardrail.attrGuardrailId,
      description: `policy ${digest}`,
    });
  }

  /** The guardrail's ARN, for IAM. */
  get arn(): string {
    return this.guardrail.attrGuardrailArn;
  }
}
