import {
  aws_ecs as ecs,
  type aws_kms as kms,
  RemovalPolicy,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge.js';
import { asInterface } from './interfaces.js';

/** The IM channel credentials, as keys of one JSON secret (filled in after the deploy). */
export const CHANNEL_SECRET_KEYS = [
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'DISCORD_BOT_TOKEN',
  'DISCORD_PUBLIC_KEY',
  'FEISHU_APP_SECRET',
  'FEISHU_ENCRYPT_KEY',
] as const;

export interface PlatformSecretsProps {
  readonly stage: string;
  readonly key: kms.IKey;
}

/**
 * Secrets Manager secrets, encrypted with the stack key: the JWT signing secret and the first
 * admin password (both generated, never seen by CloudFormation), and the IM channel credentials
 * (empty until an operator puts them). Containers receive them through ECS `secrets`.
 */
export class PlatformSecrets extends Construct {
  readonly jwtSecret: secretsmanager.Secret;
  readonly adminPassword: secretsmanager.Secret;
  readonly channels: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: PlatformSecretsProps) {
    super(scope, id);
    const name = (suffix: string) => `clawforce/${props.stage}/${suffix}`;
    this.jwtSecret = new secretsmanager.Secret(this, 'JwtSecret', {
      secretName: name('jwt-secret'),
      description: 'Signs console and API session tokens',
      encryptionKey: props.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.adminPassword = new secretsmanager.Secret(this, 'AdminPassword', {
      secretName: name('admin-password'),
      description: 'First sign-in of the admin account (a change is forced at first use)',
      encryptionKey: props.key,
      generateSecretString: { passwordLength: 24, excludeCharacters: '"\'\\`' },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.channels = new secretsmanager.Secret(this, 'Channels', {
      secretName: name('channels'),
      description: 'IM channel credentials (Telegram, Discord, Feishu); empty values are unset',
      encryptionKey: props.key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify(
          Object.fromEntries(CHANNEL_SECRET_KEYS.map((key) => [key, ''])),
        ),
        // Secrets Manager needs one generated key; the API ignores it.
        generateStringKey: 'GENERATED_MARKER',
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.jwtSecret,
      'SMG4',
      'rotating the signing secret signs every user out; it is rotated by hand (docs/deploy-aws.md) when needed',
    );
    acknowledge(
      this.adminPassword,
      'SMG4',
      'a one-time bootstrap credential: the console forces a new password at first sign-in',
    );
    acknowledge(
      this.channels,
      'SMG4',
      'Telegram, Discord and Feishu issue these credentials; they are rotated at the provider and written here',
    );
  }

  /** The API container's secret environment: resolved by ECS at task start. */
  containerSecrets(): Record<string, ecs.Secret> {
    return {
      JWT_SECRET: ecs.Secret.fromSecretsManager(
        asInterface<secretsmanager.ISecret>(this.jwtSecret),
      ),
      ADMIN_PASSWORD: ecs.Secret.fromSecretsManager(
        asInterface<secretsmanager.ISecret>(this.adminPassword),
      ),
      ...Object.fromEntries(
        CHANNEL_SECRET_KEYS.map((key) => [
          key,
          ecs.Secret.fromSecretsManager(asInterface<secretsmanager.ISecret>(this.channels), key),
        ]),
      ),
    };
  }
}
