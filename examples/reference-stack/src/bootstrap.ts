import type { Employee, Stores } from '@clawforce/core';
import { type SeedReport, seedDemoCompany } from '@clawforce/core/demo';
import type { CredentialStore } from './auth/credentials.js';
import {
  assertPasswordStrength,
  DEFAULT_SCRYPT_PARAMETERS,
  generatePassword,
  hashPassword,
  type ScryptParameters,
} from './auth/passwords.js';

/** Set once the demo accounts got their initial password; never provisioned again after. */
const PASSWORDS_PROVISIONED = '/clawforce/bootstrap/initial-passwords';

export interface BootstrapResult {
  /** Present when this start loaded the demo company (the store had no organization). */
  readonly seeded: SeedReport | undefined;
  /** Present when this start gave the accounts their initial password. */
  readonly initialPassword:
    | { readonly value: string; readonly generated: boolean; readonly accounts: number }
    | undefined;
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
 * First start of the local stack: loads the demo company into an empty store, then gives every
 * account without a password the initial one — `ADMIN_PASSWORD`, or one generated here and
 * returned so that the caller prints it once. Later starts change nothing.
 */
export async function bootstrap(options: {
  readonly stores: Stores;
  readonly credentials: CredentialStore;
  readonly adminPassword: string | undefined;
  readonly forcePasswordChange: boolean;
  readonly passwordParameters?: ScryptParameters;
}): Promise<BootstrapResult> {
  const { stores, credentials } = options;
  const seeded = (await stores.org.getOrganization()) ? undefined : await seedDemoCompany(stores);
  if (await stores.params.get(PASSWORDS_PROVISIONED)) return { seeded, initialPassword: undefined };

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
  return { seeded, initialPassword: { value: password, generated, accounts } };
}
