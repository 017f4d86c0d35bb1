import { isClawforceError } from '@clawforce/core';
import { describe, expect, it } from 'vitest';
import { openClawProviders } from './index.js';

describe('openClawProviders', () => {
  it('maps every provider kind onto OpenClaw models.providers', () => {
    const setup = openClawProviders(
      [
        { kind: 'offline', baseUrl: 'http://127.0.0.1:5000/v1' },
        {
          kind: 'openai-compatible',
          id: 'ollama',
          baseUrl: 'http://127.0.0.1:11434/v1',
          models: [{ id: 'llama3.1:8b', contextWindow: 32_768 }],
        },
        { kind: 'anthropic', apiKey: 'sk-ant-secret', models: [{ id: 'claude-sonnet-4-5' }] },
        {
          kind: 'bedrock',
          region: 'eu-west-1',
          endpointUrl: 'http://127.0.0.1:9999',
          models: [{ id: 'anthropic.claude-3-haiku', input: ['text', 'image'] }],
        },
      ],
      { env: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', UNRELATED_SECRET: 'x' } },
    );
    expect(Object.keys(setup.providers).sort()).toEqual([
      'amazon-bedrock',
      'anthropic',
      'offline',
      'ollama',
    ]);
    expect(setup.providers.offline).toMatchObject({
      api: 'openai-completions',
      models: [{ id: 'clawforce-offline' }],
    });
    expect(setup.providers.ollama).toMatchObject({
      baseUrl: 'http://127.0.0.1:11434/v1',
      apiKey: 'no-key',
      models: [{ id: 'llama3.1:8b', contextWindow: 32_768, maxTokens: 8_192, input: ['text'] }],
    });
    expect(setup.providers.anthropic).toMatchObject({
      api: 'anthropic-messages',
      baseUrl: 'https://api.anthropic.com',
      apiKey: { source: 'env', provider: 'default', id: 'CLAWFORCE_MODEL_KEY_ANTHROPIC' },
    });
    expect(setup.providers['amazon-bedrock']).toMatchObject({
      api: 'bedrock-converse-stream',
      auth: 'aws-sdk',
      baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
    });
    expect(setup.usesBedrock).toBe(true);
    expect(setup.env).toMatchObject({
      CLAWFORCE_MODEL_KEY_ANTHROPIC: 'sk-ant-secret',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:9999',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    });
    expect(setup.env.UNRELATED_SECRET).toBeUndefined();
  });

  it('never puts a key into the config, only a reference to the environment', () => {
    const setup = openClawProviders(
      [
        {
          kind: 'openai-compatible',
          id: 'vllm',
          baseUrl: 'https://llm.internal/v1',
          apiKey: 'sk-very-secret',
          models: [{ id: 'm' }],
        },
        {
          kind: 'openai-compatible',
          id: 'lmstudio',
          baseUrl: 'http://localhost:1234/v1',
          apiKeyEnv: 'LMSTUDIO_KEY',
          models: [{ id: 'm' }],
        },
      ],
      { env: { LMSTUDIO_KEY: 'lm-secret' } },
    );
    const config = JSON.stringify(setup.providers);
    expect(config).not.toContain('sk-very-secret');
    expect(config).not.toContain('lm-secret');
    expect(setup.providers.lmstudio?.apiKey).toEqual({
      source: 'env',
      provider: 'default',
      id: 'LMSTUDIO_KEY',
    });
    expect(setup.env).toMatchObject({
      CLAWFORCE_MODEL_KEY_VLLM: 'sk-very-secret',
      LMSTUDIO_KEY: 'lm-secret',
    });
  });

  it('rejects bad settings with validation_failed naming the field', () => {
    const problems: [unknown, RegExp][] = [
      [
        [{ kind: 'openai-compatible', id: 'x', baseUrl: 'ftp://nope', models: [{ id: 'm' }] }],
        /0\.baseUrl/,
      ],
      [
        [
          {
            kind: 'openai-compatible',
            id: 'Bad Id',
            baseUrl: 'http://a/v1',
            models: [{ id: 'm' }],
          },
        ],
        /0\.id/,
      ],
      [[{ kind: 'openai-compatible', id: 'x', baseUrl: 'http://a/v1', models: [] }], /0\.models/],
      [[{ kind: 'mystery' }], /0\.kind/],
      [[{ kind: 'anthropic', models: [{ id: 'm' }], apiKeyEnv: 'MISSING_KEY' }], /0\.apiKeyEnv/],
      [
        [
          { kind: 'offline', baseUrl: 'http://a/v1' },
          { kind: 'offline', baseUrl: 'http://b/v1' },
        ],
        /1\.id/,
      ],
      [[{ kind: 'bedrock', region: 'mars', models: [{ id: 'm' }] }], /0\.region/],
    ];
    for (const [settings, field] of problems) {
      let caught: unknown;
      try {
        openClawProviders(settings as never, { env: {} });
      } catch (error) {
        caught = error;
      }
      expect(isClawforceError(caught, 'validation_failed'), String(field)).toBe(true);
      expect((caught as Error).message).toMatch(field);
    }
  });

  it('needs an Anthropic key from somewhere', () => {
    expect(() =>
      openClawProviders([{ kind: 'anthropic', models: [{ id: 'm' }] }], { env: {} }),
    ).toThrow(/ANTHROPIC_API_KEY/);
    const setup = openClawProviders([{ kind: 'anthropic', models: [{ id: 'm' }] }], {
      env: { ANTHROPIC_API_KEY: 'k' },
    });
    expect(setup.env.ANTHROPIC_API_KEY).toBe('k');
  });
});
