import { describe, expect, it } from 'vitest';
import { seedTargetFromEnvironment } from '../src/seed.js';

describe('seed target', () => {
  it('reads the stack outputs from the environment', () => {
    expect(
      seedTargetFromEnvironment({
        AWS_REGION: 'eu-west-1',
        CLAWFORCE_TABLE: 'clawforce-prod-items',
        CLAWFORCE_BUCKET: 'clawforce-prod-dataworkspaces-1a2b3c',
        CLAWFORCE_PARAMETER_PREFIX: '/clawforce/prod',
      }),
    ).toEqual({
      region: 'eu-west-1',
      tableName: 'clawforce-prod-items',
      bucketName: 'clawforce-prod-dataworkspaces-1a2b3c',
      parameterPrefix: '/clawforce/prod',
    });
  });

  it('names every missing or malformed variable', () => {
    expect(() => seedTargetFromEnvironment({ CLAWFORCE_BUCKET: 'Not_A_Bucket' })).toThrowError(
      /AWS_REGION[\s\S]*CLAWFORCE_TABLE[\s\S]*CLAWFORCE_BUCKET[\s\S]*CLAWFORCE_PARAMETER_PREFIX/,
    );
  });
});
