import { ITEM_TABLE_DESIGN } from '@clawforce/core/aws';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { createApp } from '../src/app.js';
import { parseStackConfig, type StackConfigInput } from '../src/config.js';
import type { ImagesStack } from '../src/images-stack.js';
import type { ClawforceStack } from '../src/stack.js';
import { ACCOUNT, REGION } from './iam-evaluator.js';

export interface Synthesized {
  readonly stack: ClawforceStack;
  readonly template: Template;
  readonly images: ImagesStack;
  readonly imagesTemplate: Template;
  /** The logical id of a construct's CloudFormation resource. */
  logicalId(construct: IConstruct): string;
}

/** Builds the stack for `settings` (validated like cdk.json's) and synthesizes it once. */
export function synthesize(settings: StackConfigInput = {}): Synthesized {
  // cdk-nag runs in nag.test.ts; here only the template matters.
  const { stack, images } = createApp({
    checks: false,
    config: parseStackConfig({ account: ACCOUNT, region: REGION, ...settings }),
  });
  const template = Template.fromStack(stack);
  return {
    stack,
    template,
    images,
    imagesTemplate: Template.fromStack(images),
    logicalId: (construct) => {
      const element = (construct.node.defaultChild ?? construct) as CfnElement;
      return stack.getLogicalId(element);
    },
  };
}

/**
 * The ARNs of the stack's data resources as the IAM evaluator resolves them; `current` is read at
 * call time (the template is synthesized in `beforeAll`).
 */
export function resourceArns(current: () => Synthesized) {
  const idOf = (construct: IConstruct) => current().logicalId(construct);
  const bucketArn = () => `arn:aws:s3:::${idOf(current().stack.data.bucket).toLowerCase()}`;
  const tableArn = () =>
    `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${idOf(current().stack.data.table)}`;
  return {
    bucketArn,
    object: (key: string) => `${bucketArn()}/${key}`,
    tableArn,
    indexArn: () => `${tableArn()}/index/${ITEM_TABLE_DESIGN.index.name}`,
    keyArn: () => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${idOf(current().stack.data.key)}`,
    roleArn: (logicalId: string) => `arn:aws:iam::${ACCOUNT}:role/${logicalId}`,
  };
}
