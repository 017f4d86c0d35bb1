import { CfnOutput, aws_ecr as ecr, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** The three images of a stage: the API + console, and the agent runtime's two tiers. */
export const IMAGE_NAMES = ['api', 'standard', 'executive'] as const;
export type ImageName = (typeof IMAGE_NAMES)[number];

export function repositoryName(stage: string, image: ImageName): string {
  return `clawforce-${stage}-${image}`;
}

/**
 * The ECR repositories, in a stack of their own: AgentCore checks a runtime's image when the
 * runtime is created, so the images must be pushed before the main stack is deployed. Tags are
 * immutable, pushes are scanned, images encrypted at rest; the repositories outlive the stack.
 */
export class ImagesStack extends Stack {
  readonly repositories: Record<ImageName, ecr.Repository>;

  constructor(scope: Construct, id: string, props: StackProps & { readonly stage: string }) {
    super(scope, id, props);
    const repository = (image: ImageName) =>
      new ecr.Repository(this, image, {
        repositoryName: repositoryName(props.stage, image),
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        imageScanOnPush: true,
        encryption: ecr.RepositoryEncryption.AES_256,
        lifecycleRules: [{ maxImageCount: 20, description: 'keep the 20 newest images' }],
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.repositories = {
      api: repository('api'),
      standard: repository('standard'),
      executive: repository('executive'),
    };
    for (const image of IMAGE_NAMES) {
      new CfnOutput(this, `${image}Repository`, {
        value: this.repositories[image].repositoryUri,
        description: `Push the ${image} image here`,
      });
    }
  }
}
