import { idSchema } from '@clawforce/core';
import { z } from 'zod';

/** An AgentCore runtime ARN: `arn:aws:bedrock-agentcore:{region}:{account}:runtime/{id}`. */
export const agentCoreRuntimeArnSchema = z
  .string()
  .max(2_048)
  .regex(
    /^arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]{1,32}:\d{12}:runtime\/[A-Za-z0-9_-]{1,128}$/,
    {
      error:
        'must be an AgentCore runtime ARN (arn:aws:bedrock-agentcore:region:account:runtime/id)',
    },
  );

/** An AgentCore endpoint name or version (`DEFAULT` when none is configured). */
export const agentCoreQualifierSchema = z
  .string()
  .regex(/^[A-Za-z0-9_]{1,48}$/, { error: 'must be an endpoint name or version' });

export const DEFAULT_AGENTCORE_QUALIFIER = 'DEFAULT';

/** An http(s) URL without credentials (secrets belong in secure parameters, never in a URL). */
export const endpointUrlSchema = z
  .string()
  .max(2_048)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (
          (url.protocol === 'https:' || url.protocol === 'http:') &&
          url.username === '' &&
          url.password === ''
        );
      } catch {
        return false;
      }
    },
    { error: 'must be an http(s) URL without credentials' },
  );

/**
 * Where a turn runs: the local warm pool (the runtime's OpenClaw processes on this host), an
 * AgentCore runtime (ARN + qualifier), or an always-on agent's endpoint.
 */
export const runtimeTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('local'), runtimeId: idSchema }),
  z.strictObject({
    kind: z.literal('agentcore'),
    runtimeId: idSchema,
    runtimeArn: agentCoreRuntimeArnSchema,
    qualifier: agentCoreQualifierSchema,
  }),
  z.strictObject({ kind: z.literal('always-on'), agentId: idSchema, endpoint: endpointUrlSchema }),
]);
export type RuntimeTarget = z.infer<typeof runtimeTargetSchema>;

/** How a runtime is deployed, as stored under `/runtimes/{runtimeId}/…`. */
export const runtimeDeploymentSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('local') }),
  z.strictObject({
    kind: z.literal('agentcore'),
    runtimeArn: agentCoreRuntimeArnSchema,
    qualifier: agentCoreQualifierSchema.optional(),
  }),
]);
export type RuntimeDeployment = z.infer<typeof runtimeDeploymentSchema>;
