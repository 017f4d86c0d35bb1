import { z } from 'zod';

/**
 * Everything a deployment chooses. Read from CDK context (`cdk.json`, or `-c clawforce:<key>=…` on
 * the command line), validated here so a typo fails the synth with the key's name instead of
 * producing a broken stack.
 */
const identifier = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits, single hyphens');
const subnetId = z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'a subnet id (subnet-…)');
const modelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.:-]{2,127}$/, 'a Bedrock model or inference profile id');
const logRetentionDays = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

export const stackConfigSchema = z.object({
  /** Names every resource (`clawforce-<stage>-…`), so two stages can share an account. */
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9]{0,11}$/, 'lowercase letters and digits, at most 12')
    .default('prod'),
  account: z
    .string()
    .regex(/^\d{12}$/, 'a 12-digit account id')
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1')
    .default('us-east-1'),
  /** Deploy into this VPC instead of creating one (no lookups: synth stays offline). */
  existingVpc: z
    .object({
      vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'a VPC id (vpc-…)'),
      availabilityZones: z.array(z.string().min(1)).min(2),
      privateSubnetIds: z.array(subnetId).min(2),
      publicSubnetIds: z.array(subnetId).min(2),
    })
    .optional(),
  /** The console's and API's public name. Without it the load balancer serves plain HTTP. */
  domain: z
    .object({
      name: z.string().regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a DNS name'),
      /** An ACM certificate for the name in this region; or give the hosted zone to create one. */
      certificateArn: z.string().startsWith('arn:aws').optional(),
      hostedZoneId: z
        .string()
        .regex(/^Z[A-Z0-9]{4,32}$/)
        .optional(),
      hostedZoneName: z.string().min(3).optional(),
    })
    .refine((domain) => domain.certificateArn || (domain.hostedZoneId && domain.hostedZoneName), {
      message: 'give certificateArn, or hostedZoneId and hostedZoneName',
    })
    .optional(),
  models: z
    .object({
      standard: modelId.default('us.amazon.nova-2-lite-v1:0'),
      executive: modelId.default('us.anthropic.claude-sonnet-4-5-20250929-v1:0'),
    })
    .prefault({}),
  /** The tag of the images pushed to the ECR repositories (repositories are tag-immutable). */
  imageTag: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/)
    .default('0.1.0'),
  /** Always-on team agents: one Fargate service each. */
  teamAgents: z.array(identifier).max(20).default(['it-helpdesk']),
  alarmEmail: z.email().optional(),
  logRetentionDays: z
    .number()
    .refine((days) => (logRetentionDays as readonly number[]).includes(days), {
      message: `one of ${logRetentionDays.join(', ')}`,
    })
    .default(90),
  natGateways: z.number().int().min(1).max(3).default(1),
  /** Idle seconds before AgentCore ends a session's microVM (15 min default = scale to zero). */
  sessionIdleTimeoutSeconds: z.number().int().min(60).max(28_800).default(900),
});

export type StackConfig = z.output<typeof stackConfigSchema>;
export type StackConfigInput = z.input<typeof stackConfigSchema>;

/** Thrown for bad settings; the message names each context key at fault. */
export class StackConfigError extends Error {
  override readonly name = 'StackConfigError';
}

export function parseStackConfig(input: unknown): StackConfig {
  const result = stackConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `clawforce:${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new StackConfigError(`invalid stack settings:\n  ${problems.join('\n  ')}`);
}

const list = (value: unknown) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
    : value;

const number = (value: unknown) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/**
 * Settings from CDK context: an object under `clawforce` (cdk.json), overridden by flat
 * `clawforce:<key>` values (`cdk deploy -c clawforce:region=eu-west-1 -c clawforce:domain=…`).
 */
export function stackConfigFromContext(tryGetContext: (key: string) => unknown): StackConfig {
  const base = (tryGetContext('clawforce') ?? {}) as Record<string, unknown>;
  const flat = (key: string) => tryGetContext(`clawforce:${key}`);
  const merged: Record<string, unknown> = { ...base };
  for (const key of ['stage', 'account', 'region', 'imageTag', 'alarmEmail'] as const) {
    if (flat(key) !== undefined) merged[key] = flat(key);
  }
  for (const key of ['logRetentionDays', 'natGateways', 'sessionIdleTimeoutSeconds'] as const) {
    if (flat(key) !== undefined) merged[key] = number(flat(key));
  }
  if (flat('teamAgents') !== undefined) merged.teamAgents = list(flat('teamAgents'));
  if (flat('standardModel') !== undefined || flat('executiveModel') !== undefined) {
    merged.models = {
      ...((base.models as object | undefined) ?? {}),
      ...(flat('standardModel') !== undefined ? { standard: flat('standardModel') } : {}),
      ...(flat('executiveModel') !== undefined ? { executive: flat('executiveModel') } : {}),
    };
  }
  if (flat('domain') !== undefined) {
    merged.domain = {
      name: flat('domain'),
      ...(flat('certificateArn') !== undefined ? { certificateArn: flat('certificateArn') } : {}),
      ...(flat('hostedZoneId') !== undefined ? { hostedZoneId: flat('hostedZoneId') } : {}),
      ...(flat('hostedZoneName') !== undefined ? { hostedZoneName: flat('hostedZoneName') } : {}),
    };
  }
  if (flat('vpcId') !== undefined) {
    merged.existingVpc = {
      vpcId: flat('vpcId'),
      availabilityZones: list(flat('availabilityZones')),
      privateSubnetIds: list(flat('privateSubnetIds')),
      publicSubnetIds: list(flat('publicSubnetIds')),
    };
  }
  return parseStackConfig(merged);
}
