import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type StackConfig, stackConfigFromContext } from './config.js';
import { ImagesStack } from './images-stack.js';
import { ClawforceStack } from './stack.js';

export interface CreateAppOptions {
  /** Settings; default: read from the app's context (cdk.json, `-c clawforce:…`). */
  readonly config?: StackConfig;
  /** Extra context, as `-c` would give it (tests). */
  readonly context?: Record<string, unknown>;
  readonly outdir?: string;
  /** Run cdk-nag's AwsSolutions checks at synth (default true; template-only tests skip them). */
  readonly checks?: boolean;
}

/**
 * CDK feature flags, set here rather than in cdk.json so that `cdk synth`, tests and a direct run
 * of bin/app.ts build the same template.
 */
const FEATURE_FLAGS = {
  '@aws-cdk/core:checkSecretUsage': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/core:validateSnapshotRemovalPolicy': true,
  '@aws-cdk/aws-ecs:arnFormatIncludesClusterName': true,
  '@aws-cdk/aws-ecs:minHealthyPercent': true,
  '@aws-cdk/aws-ec2:restrictDefaultSecurityGroup': true,
  '@aws-cdk/aws-kms:aliasNameRef': true,
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-s3:createDefaultLoggingPolicy': true,
  '@aws-cdk/aws-iam:standardizedServicePrincipals': true,
} as const;

/** The CDK app: one Clawforce stack per stage, checked with cdk-nag's AWS Solutions rules. */
export function createApp(options: CreateAppOptions = {}): {
  app: App;
  images: ImagesStack;
  stack: ClawforceStack;
} {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: { ...FEATURE_FLAGS, ...options.context },
  });
  const config = options.config ?? stackConfigFromContext((key) => app.node.tryGetContext(key));
  const env = { region: config.region, ...(config.account ? { account: config.account } : {}) };
  const images = new ImagesStack(app, `Clawforce-${config.stage}-images`, {
    stage: config.stage,
    env,
    description: `Clawforce ${config.stage}: container image repositories`,
  });
  const stack = new ClawforceStack(app, `Clawforce-${config.stage}`, {
    config,
    env,
    description: `Clawforce ${config.stage}: an enterprise digital workforce on OpenClaw`,
  });
  // Deployed after the images stack; the repositories are found by name, not by export.
  stack.addStackDependency(images);
  if (options.checks !== false) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  }
  return { app, images, stack };
}
