import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  type SSMClient,
  type Parameter as SsmParameter,
} from '@aws-sdk/client-ssm';
import { ClawforceError } from '../../errors.js';
import { compareKeys } from '../../internal/keys.js';
import {
  assertParamName,
  assertParamPath,
  assertParamValue,
  type Parameter,
  type ParamReadOptions,
  type ParamStore,
} from '../../ports/param-store.js';
import { backoffDelay, sleep } from '../internal/retry.js';
import { serviceErrorName, unexpectedServiceError } from '../internal/service-errors.js';

export interface SsmParamStoreOptions {
  /** An SDK v3 SSM client; it stays the caller's. */
  readonly client: SSMClient;
  /**
   * Prepended to every name, such as `/clawforce/prod`: parameter `/routing/default` is stored
   * as `/clawforce/prod/routing/default` and read back without the prefix.
   */
  readonly prefix?: string;
  /**
   * How long reads are served from memory, in milliseconds; 0 turns the cache off. Default 30 s.
   * Writes through this store invalidate at once; changes made elsewhere show after at most this
   * long, or at once after {@link SsmParamStore.invalidate}.
   */
  readonly cacheTtlMs?: number;
  /** KMS key for SecureString values; default: the account's `aws/ssm` key. */
  readonly kmsKeyId?: string;
  /** Clock in epoch milliseconds (cache expiry, `updatedAt` of a write). */
  readonly now?: () => number;
}

export interface SsmParamStore extends ParamStore {
  /** Drops cached reads: of one name (and every path listing), or of everything. */
  invalidate(name?: string): void;
}

const MAX_RESULTS_PER_PAGE = 10;
const MAX_WRITE_ATTEMPTS = 6;

interface CacheEntry<T> {
  readonly value: T;
  readonly expiresAt: number;
}

/**
 * A ParamStore on AWS Systems Manager Parameter Store: `String` and `SecureString` parameters
 * (secrets encrypted with KMS, returned only with `withDecryption`), `GetParametersByPath` for
 * listings, with a small read-through cache because SSM's default throughput is about 40 reads
 * per second per account.
 *
 * SSM cannot change the type of an existing parameter: writing `secure: true` over a plain one
 * (or the reverse) is a `conflict`; delete it first.
 */
export function createSsmParamStore(options: SsmParamStoreOptions): SsmParamStore {
  const { client } = options;
  const prefix = options.prefix === undefined || options.prefix === '' ? '' : options.prefix;
  if (prefix !== '') assertParamName(prefix);
  const cacheTtlMs = options.cacheTtlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const parameterCache = new Map<string, CacheEntry<Parameter | undefined>>();
  const pathCache = new Map<string, CacheEntry<Parameter[]>>();

  const fullName = (name: string) => `${prefix}${name}`;
  const localName = (name: string) => name.slice(prefix.length);
  const fullPath = (path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`);

  const toParameter = (parameter: SsmParameter, withDecryption: boolean | undefined): Parameter => {
    const secure = parameter.Type === 'SecureString';
    return {
      name: localName(parameter.Name ?? ''),
      // Without decryption SSM returns the ciphertext; the port promises no value at all.
      value: secure && !withDecryption ? undefined : (parameter.Value ?? ''),
      secure,
      version: parameter.Version ?? 0,
      updatedAt: (parameter.LastModifiedDate ?? new Date(now())).toISOString(),
    };
  };

  const cached = <T>(cache: Map<string, CacheEntry<T>>, key: string): CacheEntry<T> | undefined => {
    const entry = cache.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > now()) return entry;
    cache.delete(key);
    return undefined;
  };

  const remember = <T>(cache: Map<string, CacheEntry<T>>, key: string, value: T): T => {
    if (cacheTtlMs > 0) cache.set(key, { value, expiresAt: now() + cacheTtlMs });
    return value;
  };

  const invalidate = (name?: string) => {
    if (name === undefined) {
      parameterCache.clear();
    } else {
      parameterCache.delete(`${name}\u0000plain`);
      parameterCache.delete(`${name}\u0000decrypted`);
    }
    pathCache.clear();
  };

  const nameError = (error: unknown): ClawforceError | undefined => {
    const errorName = serviceErrorName(error);
    if (
      errorName === 'ValidationException' ||
      errorName === 'ParameterPatternMismatchException' ||
      errorName === 'HierarchyLevelLimitExceededException'
    ) {
      // SSM's own rules on top of the port's (reserved `aws`/`ssm` prefixes, the prefix's extra
      // levels). SSM messages may quote the value, so none of it is copied.
      return new ClawforceError('invalid_key', `SSM refused the parameter (${errorName})`);
    }
    return undefined;
  };

  return {
    invalidate,

    async get(name, readOptions: ParamReadOptions = {}) {
      assertParamName(name);
      const decrypted = readOptions.withDecryption === true;
      const cacheKey = `${name}\u0000${decrypted ? 'decrypted' : 'plain'}`;
      const hit = cached(parameterCache, cacheKey);
      if (hit) return hit.value;
      try {
        const { Parameter: found } = await client.send(
          new GetParameterCommand({ Name: fullName(name), WithDecryption: decrypted }),
        );
        return remember(parameterCache, cacheKey, found && toParameter(found, decrypted));
      } catch (error) {
        if (serviceErrorName(error) === 'ParameterNotFound') {
          return remember(parameterCache, cacheKey, undefined);
        }
        throw nameError(error) ?? unexpectedServiceError(error, 'SSM', 'GetParameter');
      }
    },

    async put(name, value, putOptions = {}) {
      assertParamName(name);
      assertParamValue(value);
      const secure = putOptions.secure ?? false;
      invalidate(name);
      for (let attempt = 0; ; attempt += 1) {
        try {
          const response = await client.send(
            new PutParameterCommand({
              Name: fullName(name),
              Value: value,
              Type: secure ? 'SecureString' : 'String',
              Overwrite: putOptions.overwrite ?? true,
              ...(secure && options.kmsKeyId ? { KeyId: options.kmsKeyId } : {}),
            }),
          );
          return {
            name,
            value,
            secure,
            version: response.Version ?? 0,
            updatedAt: new Date(now()).toISOString(),
          };
        } catch (error) {
          const errorName = serviceErrorName(error);
          if (errorName === 'TooManyUpdates' && attempt + 1 < MAX_WRITE_ATTEMPTS) {
            await sleep(backoffDelay(attempt, 50, 1_000));
            continue;
          }
          if (errorName === 'ParameterAlreadyExists') {
            throw new ClawforceError('already_exists', `parameter ${name} already exists`);
          }
          if (errorName === 'HierarchyTypeMismatchException') {
            throw new ClawforceError(
              'conflict',
              `parameter ${name} exists with another type; SSM cannot change it, delete it first`,
            );
          }
          if (
            errorName === 'ParameterLimitExceeded' ||
            errorName === 'ParameterMaxVersionLimitExceeded'
          ) {
            throw new ClawforceError(
              'limit_exceeded',
              `SSM refused parameter ${name} (${errorName})`,
            );
          }
          // The request carried the value (maybe a secret): keep no reference to it.
          throw (
            nameError(error) ??
            unexpectedServiceError(error, 'SSM', 'PutParameter', { keepCause: false })
          );
        } finally {
          invalidate(name);
        }
      }
    },

    async delete(name) {
      assertParamName(name);
      try {
        await client.send(new DeleteParameterCommand({ Name: fullName(name) }));
        return true;
      } catch (error) {
        if (serviceErrorName(error) === 'ParameterNotFound') return false;
        throw nameError(error) ?? unexpectedServiceError(error, 'SSM', 'DeleteParameter');
      } finally {
        invalidate(name);
      }
    },

    async getByPath(path, readOptions = {}) {
      const base = assertParamPath(path);
      const decrypted = readOptions.withDecryption === true;
      const recursive = readOptions.recursive === true;
      const cacheKey = `${base}\u0000${decrypted}\u0000${recursive}`;
      const hit = cached(pathCache, cacheKey);
      if (hit) return hit.value;
      const found: Parameter[] = [];
      let nextToken: string | undefined;
      do {
        try {
          const response = await client.send(
            new GetParametersByPathCommand({
              Path: fullPath(base),
              Recursive: recursive,
              WithDecryption: decrypted,
              MaxResults: MAX_RESULTS_PER_PAGE,
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
          );
          for (const parameter of response.Parameters ?? []) {
            found.push(toParameter(parameter, decrypted));
          }
          nextToken = response.NextToken;
        } catch (error) {
          throw nameError(error) ?? unexpectedServiceError(error, 'SSM', 'GetParametersByPath');
        }
      } while (nextToken);
      // SSM does not promise an order; the port lists by name.
      found.sort((a, b) => compareKeys(a.name, b.name));
      return remember(pathCache, cacheKey, found);
    },
  };
}
