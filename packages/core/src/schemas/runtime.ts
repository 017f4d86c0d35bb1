import { z } from 'zod';
import {
  descriptionSchema,
  idSchema,
  modelRefSchema,
  nameSchema,
  timestampSchema,
} from './primitives.js';
import { toolPolicySchema } from './tool-policy.js';

/**
 * A runtime tier (`standard`, `executive`): the model, the tool ceiling, the guardrail and, on AWS,
 * the container image and IAM role that every agent routed to it gets.
 */
export const runtimeSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  description: descriptionSchema.optional(),
  model: modelRefSchema,
  toolPolicy: toolPolicySchema,
  guardrailId: idSchema.nullable(),
  image: z.string().max(512).optional(),
  iamRoleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
      error: 'must be an IAM role ARN',
    })
    .optional(),
  mode: z.enum(['serverless', 'always-on']),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Runtime = z.infer<typeof runtimeSchema>;
