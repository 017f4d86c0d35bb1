import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentConfig } from '../schemas/agent-config.js';
import type { ToolPolicy } from '../schemas/tool-policy.js';
import { isToolAllowed, resolveAgentConfig, resolveToolPolicy } from './precedence.js';
import { BUILT_IN_TOOLS, expandTools } from './tool-groups.js';

const defaults: AgentConfig = {
  model: 'amazon-bedrock/us.amazon.nova-2-lite-v1:0',
  contextWindow: 128_000,
  compaction: 'safeguard',
  recentTurnsPreserve: 6,
  maxTokens: 4_096,
  responseLanguage: 'en',
};

describe('resolveAgentConfig', () => {
  it('takes each field from the most specific layer that sets it and names that layer', () => {
    const resolved = resolveAgentConfig(
      [
        { name: 'employee', value: { responseLanguage: 'zh-CN' } },
        { name: 'position', value: { maxTokens: 8_192, responseLanguage: 'de' } },
        { name: 'runtime', value: { model: 'amazon-bedrock/us.anthropic.claude-sonnet-4-5' } },
      ],
      { name: 'organization', value: defaults },
    );
    expect(resolved.config).toEqual({
      ...defaults,
      responseLanguage: 'zh-CN',
      maxTokens: 8_192,
      model: 'amazon-bedrock/us.anthropic.claude-sonnet-4-5',
    });
    expect(resolved.sources).toEqual({
      model: 'runtime',
      contextWindow: 'organization',
      compaction: 'organization',
      recentTurnsPreserve: 'organization',
      maxTokens: 'position',
      responseLanguage: 'employee',
    });
  });

  it('skips missing layers and undefined fields', () => {
    const resolved = resolveAgentConfig(
      [
        { name: 'employee', value: undefined },
        { name: 'position', value: { maxTokens: undefined } },
      ],
      { name: 'organization', value: defaults },
    );
    expect(resolved.config).toEqual(defaults);
  });
});

describe('resolveToolPolicy', () => {
  it('intersects allow lists, unions deny lists and lowers the shell level', () => {
    const policy = resolveToolPolicy([
      { name: 'organization', value: { deny: ['gateway'] } },
      {
        name: 'runtime',
        value: {
          allow: ['group:fs', 'group:runtime', 'web_search', 'browser'],
          exec: 'allowlist',
          execAllowlist: ['git', 'ls', 'npm'],
        },
      },
      {
        name: 'position',
        value: {
          allow: ['group:fs', 'exec', 'web_search'],
          deny: ['write'],
          execAllowlist: ['git', 'ls'],
        },
      },
    ]);
    expect(policy.allow).toEqual(['apply_patch', 'edit', 'exec', 'read', 'web_search']);
    expect(policy.deny).toEqual(['gateway', 'write']);
    expect(policy.exec).toBe('allowlist');
    expect(policy.execAllowlist).toEqual(['git', 'ls']);
    expect(policy.fsWorkspaceOnly).toBe(true);
    expect(policy.sources).toEqual({
      allow: 'position',
      deny: ['organization', 'position'],
      exec: 'runtime',
    });
  });

  it('turns a denied shell tool into no shell at all', () => {
    const policy = resolveToolPolicy([{ name: 'position', value: { deny: ['exec'] } }]);
    expect(policy.exec).toBe('deny');
    expect(policy.deny).toEqual(['bash', 'exec', 'process']);
    expect(isToolAllowed(policy, 'exec')).toBe(false);
    expect(isToolAllowed(policy, 'read')).toBe(true);
    expect(resolveToolPolicy([{ name: 'position', value: { allow: ['read'] } }]).exec).toBe('deny');
  });

  it('never lets a narrower layer re-allow what a wider one denied', () => {
    const tool = fc.constantFrom(
      ...BUILT_IN_TOOLS,
      'group:fs',
      'group:runtime',
      'group:web',
      'group:openclaw',
    );
    const layer: fc.Arbitrary<ToolPolicy> = fc.record(
      {
        allow: fc.array(tool, { maxLength: 6 }),
        deny: fc.array(tool, { maxLength: 4 }),
        exec: fc.constantFrom('deny', 'allowlist', 'full'),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.array(layer, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(...BUILT_IN_TOOLS),
        (layers, probe) => {
          const named = layers.map((value, index) => ({ name: `layer-${index}`, value }));
          const combined = resolveToolPolicy(named);
          for (let cut = 1; cut <= named.length; cut += 1) {
            const wider = resolveToolPolicy(named.slice(0, cut));
            if (!isToolAllowed(wider, probe)) expect(isToolAllowed(combined, probe)).toBe(false);
          }
          for (const { value } of named) {
            if (value.deny && expandTools(value.deny).includes(probe))
              expect(isToolAllowed(combined, probe)).toBe(false);
            if (value.allow && !expandTools(value.allow).includes(probe))
              expect(isToolAllowed(combined, probe)).toBe(false);
            if (value.exec === 'deny') expect(isToolAllowed(combined, 'exec')).toBe(false);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('allows everything when no layer restricts anything', () => {
    const open = resolveToolPolicy([{ name: 'executive', value: { exec: 'full' } }]);
    expect(open).toMatchObject({ allow: undefined, deny: [], exec: 'full' });
    expect(isToolAllowed(open, 'browser')).toBe(true);
  });
});

describe('expandTools', () => {
  it('expands groups, keeps plain names and ignores unknown groups', () => {
    expect(expandTools(['group:runtime', 'read', 'group:nope'])).toEqual([
      'bash',
      'exec',
      'process',
      'read',
    ]);
    expect(expandTools(['group:openclaw'])).toEqual([...BUILT_IN_TOOLS]);
  });
});
