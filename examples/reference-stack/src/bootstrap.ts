import type { Employee, Stores } from '@clawforce/core';
import { type SeedReport, seedDemoCompany } from '@clawforce/core/demo';
import { createRouter } from '@clawforce/router';
import type { CredentialStore } from './auth/credentials.js';
import {
  assertPasswordStrength,
  DEFAULT_SCRYPT_PARAMETERS,
  generatePassword,
  hashPassword,
  type ScryptParameters,
} from './auth/passwords.js';
import type { AgentCoreConfig } from './config.js';

/** Set once the demo accounts got their initial password; never provisioned again after. */
const PASSWORDS_PROVISIONED = '/clawforce/bootstrap/initial-passwords';

export interface BootstrapResult {
  /** Present when this start loaded the demo company (the store had no organization). */
  readonly seeded: SeedReport | undefined;
  /** Present when this start gave the accounts their initial password. */
  readonly initialPassword:
    | { readonly value: string; readonly generated: boolean; readonly accounts: number }
    | undefined;
  /** With AgentCore: the runtime tiers whose deployment this start wrote (changed ARN or endpoint). */
  readonly agentCoreDeployed: readonly string[];
  /** With AgentCore: configured tiers the organization has no runtime for (left alone). */
  readonly agentCoreUnknown: readonly string[];
}

/**
 * Points the organization's runtime tiers at their AgentCore runtimes (the CDK app passes the
 * ARNs in the environment), as routing rules, so every router sends their turns to AgentCore.
 * Writes only what changed: an unchanged deployment costs no audit event and no cache reset.
 */
export async function deployAgentCoreRuntimes(
  stores: Pick<Stores, 'org' | 'params' | 'audit'>,
  agentCore: AgentCoreConfig,
): Promise<{ deployed: string[]; unknown: string[] }> {
  const router = createRouter({ org: stores.org, params: stores.params, audit: stores.audit });
  const deployed: string[] = [];
  const unknown: string[] = [];
  for (const [tier, runtimeArn] of Object.entries(agentCore.runtimes)) {
    if (!runtimeArn) continue;
    if (!(await stores.org.getRuntime(tier))) {
      unknown.push(tier);
      continue;
    }
    const [arn, qualifier] = await Promise.all([
      stores.params.get(router.parameters.runtimeArn(tier)),
      stores.params.get(router.parameters.runtimeQualifier(tier)),
    ]);
    if (arn?.value === runtimeArn && qualifier?.value === agentCore.qualifier) continue;
    await router.rules.setRuntimeDeployment(
      tier,
      {
        kind: 'agentcore',
        runtimeArn,
        ...(agentCore.qualifier ? { qualifier: agentCore.qualifier } : {}),
      },
      { actor: { kind: 'system', id: 'clawforce' } },
    );
    deployed.push(tier);
  }
  return { deployed, unknown };
}

async function allEmployees(stores: Pick<Stores, 'org'>): Promise<Employee[]> {
  const employees: Employee[] = [];
  let cursor: string | undefined;
  do {
    const page = await stores.org.listEmployees({ limit: 1_000, ...(cursor ? { cursor } : {}) });
    employees.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return employees;
}

/**
 * First start of the stack: loads the demo company into an empty store, then gives every
 * account without a password the initial one — `ADMIN_PASSWORD`, or one generated here and
 * returned so that the caller prints it once. Later starts change nothing. With AgentCore, every
 * start (re)points the runtime tiers at the configured AgentCore runtimes.
 */
export async function bootstrap(options: {
  readonly stores: Stores;
  readonly credentials: CredentialStore;
  readonly adminPassword: string | undefined;
  readonly forcePasswordChange: boolean;
  readonly passwordParameters?: ScryptParameters;
  readonly agentCore?: AgentCoreConfig | undefined;
}): Promise<BootstrapResult> {
  const { stores, credentials } = options;
  const seeded = (await stores.org.getOrganization()) ? undefined : await seedDemoCompany(stores);
  const deployments = options.agentCore
    ? await deployAgentCoreRuntimes(stores, options.agentCore)
    : { deployed: [], unknown: [] };
  const agentCore = {
    agentCoreDeployed: deployments.deployed,
    agentCoreUnknown: deployments.unknown,
  };
  if (await stores.params.get(PASSWORDS_PROVISIONED)) {
    return { seeded, initialPassword: undefined, ...agentCore };
  }

  const generated = options.adminPassword === undefined || options.adminPassword === '';
  const password = generated ? generatePassword() : (options.adminPassword as string);
  assertPasswordStrength(password, 'ADMIN_PASSWORD');
  let accounts = 0;
  for (const employee of await allEmployees(stores)) {
    if (await credentials.get(employee)) continue;
    // One hash per account: every account gets its own salt.
    const hash = await hashPassword(
      password,
      options.passwordParameters ?? DEFAULT_SCRYPT_PARAMETERS,
    );
    await credentials.setPassword(employee, hash, { mustChange: options.forcePasswordChange });
    accounts += 1;
  }
  await stores.params.put(PASSWORDS_PROVISIONED, new Date().toISOString(), { overwrite: true });
  await stores.audit.append({
    type: 'auth.initial-passwords',
    actor: { kind: 'system', id: 'clawforce' },
    summary: `Initial password set for ${accounts} accounts (${generated ? 'generated' : 'ADMIN_PASSWORD'})`,
  });
  return { seeded, initialPassword: { value: password, generated, accounts }, ...agentCore };
}
