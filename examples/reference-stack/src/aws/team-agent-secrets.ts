import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ClawforceError } from '@clawforce/core';

/**
 * Reads an always-on team agent's bearer token from Secrets Manager by the secret's ARN (the CDK
 * app puts it in `{prefix}/always-on/{agentId}/token-secret-arn`). The value is never logged and
 * never part of an error.
 */
export function createSecretsManagerTokenReader(
  options: { readonly client?: SecretsManagerClient; readonly region?: string } = {},
): { readSecret(arn: string): Promise<string>; destroy(): void } {
  let owned: SecretsManagerClient | undefined;
  // Loaded on first use: the AWS SDK is only needed on AWS.
  const sdk = () => import('@aws-sdk/client-secrets-manager');
  return {
    async readSecret(arn) {
      const { GetSecretValueCommand, SecretsManagerClient: Client } = await sdk();
      if (!options.client && !owned) {
        owned = new Client(options.region ? { region: options.region } : {});
      }
      const client = (options.client ?? owned) as SecretsManagerClient;
      let value: string | undefined;
      try {
        value = (await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
      } catch (error) {
        const name = error instanceof Error ? error.name : 'unknown';
        throw new ClawforceError(
          'unavailable',
          `the token of an always-on team agent could not be read from Secrets Manager (${name})`,
        );
      }
      if (!value) {
        throw new ClawforceError(
          'unavailable',
          'the token secret of an always-on team agent has no string value',
        );
      }
      return value;
    },
    destroy() {
      owned?.destroy();
      owned = undefined;
    },
  };
}
