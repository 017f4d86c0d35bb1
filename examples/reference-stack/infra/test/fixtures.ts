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
