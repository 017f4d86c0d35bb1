import { isClawforceError } from '@clawforce/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routingParameters } from '../routing-parameters.js';
import { alwaysOnOutcome, decideRoute, type FactSource, runtimeOutcome } from './decide.js';

const ARN = 'arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/agent-AbCdEf1234';
const names = routingParameters();

/** One rule slot: unset, set to something usable, or set to something that must be skipped. */
type Slot = 'unset' | 'usable' | 'unusable';
const slot = fc.constantFrom<Slot>('unset', 'usable', 'unusable');

const runtimes: Record<
  string,
  { defined: boolean; agentCoreArn?: string; agentCoreQualifier?: string }
> = {
  'rt-local': { defined: true },
  'rt-cloud': { defined: true, agentCoreArn: ARN },
  'rt-undefined': { defined: false },
  'rt-bad-arn': { defined: true, agentCoreArn: 'arn:aws:s3:::nope' },
  'rt-bad-qualifier': { defined: true, agentCoreArn: ARN, agentCoreQualifier: 'a b' },
};
const agents: Record<
  string,
  { endpoint?: string; agent?: { shared: boolean; alwaysOn: boolean; running: boolean } }
> = {
  'agent-ok': {
    endpoint: 'https://agent.example',
    agent: { shared: true, alwaysOn: true, running: true },
  },
  'agent-stopped': {
    endpoint: 'https://agent.example',
    agent: { shared: true, alwaysOn: true, running: false },
  },
  'agent-missing': {},
  'agent-personal': {
    endpoint: 'https://agent.example',
    agent: { shared: false, alwaysOn: false, running: false },
  },
  'agent-no-endpoint': { agent: { shared: true, alwaysOn: true, running: true } },
  'agent-bad-endpoint': {
    endpoint: 'javascript:alert(1)',
    agent: { shared: true, alwaysOn: true, running: true },
  },
};

const usableRuntime = fc.constantFrom('rt-local', 'rt-cloud');
const unusableRuntime = fc.constantFrom(
  'rt-undefined',
  'rt-bad-arn',
  'rt-bad-qualifier',
  'Not An Id',
);
const unusableAgent = fc.constantFrom(
  'agent-stopped',
  'agent-missing',
  'agent-personal',
  'agent-no-endpoint',
  'agent-bad-endpoint',
  'Not_An_Id',
);

const valueFor = (kind: Slot, usable: string, unusable: string) =>
  kind === 'unset' ? undefined : kind === 'usable' ? usable : unusable;

function factSource(values: (string | undefined)[], positionExists: boolean): FactSource {
  const [alwaysOnAgentId, employeeRuntime, positionParam, positionOrg, defaultParam, defaultOrg] =
    values;
  return {
    tenant: () => ({ alwaysOnAgentId, runtimeId: employeeRuntime }),
    position: () => ({
      exists: positionExists,
      paramRuntimeId: positionParam,
      orgRuntimeId: positionOrg,
    }),
    defaults: () => ({ paramRuntimeId: defaultParam, orgRuntimeId: defaultOrg }),
    runtime: (id) => {
      const facts = runtimes[id] ?? { defined: false };
      return {
        defined: facts.defined,
        agentCoreArn: facts.agentCoreArn,
        agentCoreQualifier: facts.agentCoreQualifier,
      };
    },
    alwaysOn: (id) => ({ endpoint: agents[id]?.endpoint, agent: agents[id]?.agent }),
  };
}

describe('decideRoute precedence', () => {
  it('lets the first usable rule decide, in tier order, and reports every rule before it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(slot, { minLength: 6, maxLength: 6 }),
        fc.array(usableRuntime, { minLength: 6, maxLength: 6 }),
        fc.array(unusableRuntime, { minLength: 6, maxLength: 6 }),
        unusableAgent,
        fc.boolean(),
        async (slots, good, bad, badAgent, positionExists) => {
          const values = slots.map((kind, index) =>
            index === 0
              ? valueFor(kind, 'agent-ok', badAgent)
              : valueFor(kind, good[index] as string, bad[index] as string),
          );
          const usable = slots.map(
            (kind, index) => kind === 'usable' && (index !== 3 || positionExists),
          );
          const winner = usable.indexOf(true);
          const employee = { id: 'emp-1', positionId: 'pos-1' };
          let explanation: Awaited<ReturnType<typeof decideRoute>> | undefined;
          let failure: unknown;
          try {
            explanation = await decideRoute(employee, factSource(values, positionExists), names);
          } catch (error) {
            failure = error;
          }
          if (winner === -1) {
            expect(isClawforceError(failure, 'not_found')).toBe(true);
            return;
          }
          if (!explanation) throw failure;
          expect(explanation.steps).toHaveLength(winner + 1);
          expect(explanation.tier).toBe(
            ['employee', 'employee', 'position', 'position', 'default', 'default'][winner],
          );
          expect(explanation.source).toBe(winner === 3 || winner === 5 ? 'org' : 'param');
          explanation.steps.slice(0, winner).forEach((step, index) => {
            const skippedPosition = index === 3 && !positionExists;
            expect(step.outcome).toBe(
              slots[index] === 'unset' && !skippedPosition ? 'not-set' : 'skipped',
            );
          });
          const chosen = values[winner];
          if (winner === 0) {
            expect(explanation.target).toEqual({
              kind: 'always-on',
              agentId: 'agent-ok',
              endpoint: 'https://agent.example',
            });
          } else if (chosen === 'rt-cloud') {
            expect(explanation.target).toEqual({
              kind: 'agentcore',
              runtimeId: 'rt-cloud',
              runtimeArn: ARN,
              qualifier: 'DEFAULT',
            });
          } else {
            expect(explanation.target).toEqual({ kind: 'local', runtimeId: chosen });
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('rule outcomes', () => {
  it('explains why a runtime cannot serve', () => {
    expect(
      runtimeOutcome('x', {
        defined: false,
        agentCoreArn: undefined,
        agentCoreQualifier: undefined,
      }),
    ).toMatchObject({
      matched: false,
      detail: 'runtime x is not defined',
    });
    expect(
      runtimeOutcome('x', {
        defined: true,
        agentCoreArn: 'arn:bad',
        agentCoreQualifier: undefined,
      }),
    ).toMatchObject({
      matched: false,
      detail: 'runtime x has a malformed AgentCore ARN',
    });
  });

  it('explains why an always-on agent cannot serve', () => {
    const agent = { shared: true, alwaysOn: false, running: true };
    expect(alwaysOnOutcome('team', { endpoint: 'https://x.example', agent })).toMatchObject({
      matched: false,
      detail: 'agent team is not an always-on agent',
    });
  });
});
