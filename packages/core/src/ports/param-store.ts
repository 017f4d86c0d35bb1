import { ClawforceError } from '../errors.js';

/**
 * Hierarchical parameters: routing rules, always-on endpoints, secrets. Shaped like AWS SSM
 * Parameter Store: `/`-separated names, `SecureString` values that come back only when asked for.
 */
export interface Parameter {
  readonly name: string;
  /** `undefined` for a secure parameter read without `withDecryption`. */
  readonly value: string | undefined;
  readonly secure: boolean;
  readonly version: number;
  readonly updatedAt: string;
}

export interface ParamReadOptions {
  readonly withDecryption?: boolean;
}

export interface ParamStore {
  get(name: string, options?: ParamReadOptions): Promise<Parameter | undefined>;
  /** Writes a parameter; with `overwrite: false` an existing one is a `conflict`. */
  put(
    name: string,
    value: string,
    options?: { secure?: boolean; overwrite?: boolean },
  ): Promise<Parameter>;
  /** True when something was deleted. */
  delete(name: string): Promise<boolean>;
  /** Parameters below `path`, by name; only direct children unless `recursive`. */
  getByPath(
    path: string,
    options?: ParamReadOptions & { recursive?: boolean },
  ): Promise<Parameter[]>;
}

const NAME = /^(\/[A-Za-z0-9_.-]+){1,15}$/;
export const PARAM_VALUE_MAX_LENGTH = 4_096;

/** Returns a valid parameter name (`/a/b-c/d_e.f`, at most 15 levels and 1,011 characters) or throws. */
export function assertParamName(name: unknown): string {
  if (
    typeof name !== 'string' ||
    name.length > 1_011 ||
    !NAME.test(name) ||
    name.split('/').some((part) => part === '.' || part === '..')
  ) {
    throw new ClawforceError(
      'invalid_key',
      `parameter names look like /a/b/c, got ${JSON.stringify(String(name).slice(0, 120))}`,
    );
  }
  return name;
}

export function assertParamPath(path: unknown): string {
  if (path === '/') return '/';
  return assertParamName(path);
}

export function assertParamValue(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > PARAM_VALUE_MAX_LENGTH) {
    throw new ClawforceError(
      'validation_failed',
      `parameter values are 1-${PARAM_VALUE_MAX_LENGTH} characters`,
      [
        {
          path: 'value',
          code: 'too_big',
          message: `must be 1-${PARAM_VALUE_MAX_LENGTH} characters`,
        },
      ],
    );
  }
  return value;
}
