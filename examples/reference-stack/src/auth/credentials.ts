import {
  assertId,
  type Employee,
  type ItemKey,
  type ItemStore,
  isClawforceError,
  type JsonObject,
} from '@clawforce/core';
import type { PasswordHash } from './passwords.js';

/**
 * A person's sign-in credentials, kept next to the organization in the same ItemStore (key
 * `CRED#<employee id>` / `PASSWORD`), so that the local stack and the AWS deployment store them alike.
 */
export interface CredentialRecord {
  readonly employeeId: string;
  /** null once the employee is deleted: the record stays only to keep the token numbering. */
  readonly password: PasswordHash | null;
  /** The next sign-in must set a new password before anything else. */
  readonly mustChange: boolean;
  /** Every access and refresh token carries this number; bumping it revokes them all. */
  readonly tokenVersion: number;
  readonly passwordChangedAt: string;
  /**
   * The `createdAt` of the employee the password was set for: a record left behind by a deleted
   * employee never unlocks a new employee who gets the same id.
   */
  readonly employeeCreatedAt: string;
}

export interface CredentialStore {
  /** The credentials of this employee (not of an earlier holder of the same id). */
  get(employee: Pick<Employee, 'id' | 'createdAt'>): Promise<CredentialRecord | undefined>;
  /** Sets the password and revokes every token issued before. */
  setPassword(
    employee: Pick<Employee, 'id' | 'createdAt'>,
    password: PasswordHash,
    options: { mustChange: boolean },
  ): Promise<CredentialRecord>;
  /** Revokes every token of the employee; returns the new token version (undefined: no credentials). */
  revokeTokens(employeeId: string): Promise<number | undefined>;
  /**
   * Forgets the password of a deleted employee and revokes their tokens. The record stays, so a
   * later employee with the same id continues the token numbering and no old token matches.
   */
  retire(employeeId: string): Promise<void>;
}

const keyOf = (employeeId: string): ItemKey => ({
  pk: `CRED#${assertId(employeeId, 'employeeId')}`,
  sk: 'PASSWORD',
});
const MAX_ATTEMPTS = 10;

export function createCredentialStore(options: {
  items: ItemStore;
  now?: () => number;
}): CredentialStore {
  const { items } = options;
  const now = options.now ?? Date.now;

  /** Read, change, write back conditioned on the version read; retried on a concurrent write. */
  const update = async (
    employeeId: string,
    change: (current: CredentialRecord | undefined) => CredentialRecord | undefined,
  ): Promise<CredentialRecord | undefined> => {
    const key = keyOf(employeeId);
    for (let attempt = 0; ; attempt += 1) {
      const item = await items.get(key);
      const next = change(item?.data as unknown as CredentialRecord | undefined);
      if (!next) return undefined;
      try {
        await items.put(
          { ...key, data: next as unknown as JsonObject },
          item ? { kind: 'version', version: item.version } : { kind: 'absent' },
        );
        return next;
      } catch (error) {
        if (isClawforceError(error, 'conflict') && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  };

  return {
    async get(employee) {
      const item = await items.get(keyOf(employee.id));
      const record = item?.data as unknown as CredentialRecord | undefined;
      return record?.password && record.employeeCreatedAt === employee.createdAt
        ? record
        : undefined;
    },

    async setPassword(employee, password, setOptions) {
      const record = await update(employee.id, (current) => ({
        employeeId: employee.id,
        password,
        mustChange: setOptions.mustChange,
        // Continue the old numbering even across a re-created employee: old tokens never match.
        tokenVersion: (current?.tokenVersion ?? 0) + 1,
        passwordChangedAt: new Date(now()).toISOString(),
        employeeCreatedAt: employee.createdAt,
      }));
      return record as CredentialRecord;
    },

    async revokeTokens(employeeId) {
      const record = await update(employeeId, (current) =>
        current ? { ...current, tokenVersion: current.tokenVersion + 1 } : undefined,
      );
      return record?.tokenVersion;
    },

    async retire(employeeId) {
      await update(employeeId, (current) =>
        current
          ? { ...current, password: null, tokenVersion: current.tokenVersion + 1 }
          : undefined,
      );
    },
  };
}
