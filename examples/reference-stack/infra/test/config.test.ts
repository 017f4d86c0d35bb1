import { describe, expect, it } from 'vitest';
import { parseStackConfig, StackConfigError, stackConfigFromContext } from '../src/config.js';

describe('stack settings', () => {
  it('fills defaults', () => {
    expect(parseStackConfig({})).toMatchObject({
      stage: 'prod',
      region: 'us-east-1',
      models: { standard: 'us.amazon.nova-2-lite-v1:0' },
      teamAgents: ['it-helpdesk'],
      logRetentionDays: 90,
    });
  });

  it('merges cdk.json context with -c clawforce:<key> overrides', () => {
    const context: Record<string, unknown> = {
      clawforce: {
        stage: 'prod',
        models: { executive: 'us.anthropic.claude-opus-4-1-20250805-v1:0' },
      },
      'clawforce:region': 'eu-central-1',
      'clawforce:standardModel': 'eu.amazon.nova-2-lite-v1:0',
      'clawforce:teamAgents': 'it-helpdesk, hr-onboarding',
      'clawforce:natGateways': '2',
      'clawforce:domain': 'agents.acme.example',
      'clawforce:certificateArn': 'arn:aws:acm:eu-central-1:111111111111:certificate/abc',
      'clawforce:vpcId': 'vpc-0123456789abcdef0',
      'clawforce:availabilityZones': 'eu-central-1a,eu-central-1b',
      'clawforce:privateSubnetIds': 'subnet-0aaaaaaaaaaaaaaa1,subnet-0aaaaaaaaaaaaaaa2',
      'clawforce:publicSubnetIds': 'subnet-0bbbbbbbbbbbbbbb1,subnet-0bbbbbbbbbbbbbbb2',
    };
    const config = stackConfigFromContext((key) => context[key]);
    expect(config).toMatchObject({
      region: 'eu-central-1',
      models: {
        standard: 'eu.amazon.nova-2-lite-v1:0',
        executive: 'us.anthropic.claude-opus-4-1-20250805-v1:0',
      },
      teamAgents: ['it-helpdesk', 'hr-onboarding'],
      natGateways: 2,
      domain: { name: 'agents.acme.example' },
      existingVpc: {
        vpcId: 'vpc-0123456789abcdef0',
        privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
      },
    });
  });

  it('names every bad key', () => {
    let caught: unknown;
    try {
      parseStackConfig({
        region: 'mars',
        teamAgents: ['Bad Name'],
        logRetentionDays: 42,
        domain: { name: 'x.example' },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StackConfigError);
    const message = (caught as Error).message;
    for (const key of [
      'clawforce:region',
      'clawforce:teamAgents.0',
      'clawforce:logRetentionDays',
      'clawforce:domain',
    ]) {
      expect(message).toContain(key);
    }
  });
});
