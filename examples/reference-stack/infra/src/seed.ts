import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { createAwsStores } from '@clawforce/core/aws';
import { type SeedReport, seedDemoCompany } from '@clawforce/core/demo';
import { z } from 'zod';

/** Where a deployed stage keeps its data: the stack outputs TableName, BucketName, ParameterPrefix. */
export interface SeedTarget {
  readonly region: string;
  readonly tableName: string;
  readonly bucketName: string;
  readonly parameterPrefix: string;
}

const environmentSchema = z.object({
  AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1'),
  CLAWFORCE_TABLE: z.string().min(3).max(255),
  CLAWFORCE_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
  CLAWFORCE_PARAMETER_PREFIX: z
    .string()
    .regex(/^(\/[A-Za-z0-9_.-]+)+$/, 'an SSM path such as /clawforce/prod'),
});

/** Reads the seed target from the environment; the error names each missing or bad variable. */
export function seedTargetFromEnvironment(environment: NodeJS.ProcessEnv): SeedTarget {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`cannot seed:\n  ${problems.join('\n  ')}`);
  }
  return {
    region: parsed.data.AWS_REGION,
    tableName: parsed.data.CLAWFORCE_TABLE,
    bucketName: parsed.data.CLAWFORCE_BUCKET,
    parameterPrefix: parsed.data.CLAWFORCE_PARAMETER_PREFIX,
  };
}

/**
 * Loads the ACME demo company into a deployed stage (idempotent: a second run creates nothing).
 * Objects are written without SSE headers so the bucket's default key (the stack's KMS key) applies.
 */
export async function seedStage(target: SeedTarget): Promise<SeedReport> {
  const clients = {
    dynamoDb: new DynamoDBClient({ region: target.region }),
    s3: new S3Client({ region: target.region }),
    ssm: new SSMClient({ region: target.region }),
  };
  try {
    const stores = createAwsStores({
      dynamoDb: { client: clients.dynamoDb, tableName: target.tableName },
      s3: { client: clients.s3, bucket: target.bucketName },
      ssm: { client: clients.ssm, prefix: target.parameterPrefix },
    });
    const report = await seedDemoCompany(stores);
    await stores.close();
    return report;
  } finally {
    clients.dynamoDb.destroy();
    clients.s3.destroy();
    clients.ssm.destroy();
  }
}
