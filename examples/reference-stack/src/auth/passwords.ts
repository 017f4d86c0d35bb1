import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { ClawforceError } from '@clawforce/core';

/** scrypt cost parameters; stored with every hash so that they can be raised later. */
export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelization: number;
}

/** 2^15 x 8 x 128 bytes = 32 MiB and ~50-100 ms per hash on the reference machine. */
export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = {
  cost: 2 ** 15,
  blockSize: 8,
  parallelization: 1,
};

export interface PasswordHash extends ScryptParameters {
  readonly scheme: 'scrypt';
  /** base64 */
  readonly salt: string;
  /** base64 */
  readonly hash: string;
}

const KEY_LENGTH = 32;
export const PASSWORD_MIN_LENGTH = 8;
/** scrypt hashes any length, but an unbounded password is a free CPU burner for an attacker. */
export const PASSWORD_MAX_LENGTH = 256;

function derive(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      {
        N: parameters.cost,
        r: parameters.blockSize,
        p: parameters.parallelization,
        // Node's default ceiling (32 MiB) is exactly the default cost; leave headroom.
        maxmem: 256 * parameters.cost * parameters.blockSize + 16 * 1024 * 1024,
      },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** Rejects passwords that are too short or too long (before any hashing work is done). */
export function assertPasswordStrength(password: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new ClawforceError(
      'validation_failed',
      `${field} must be ${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters`,
      [
        {
          path: field,
          code: 'too_small',
          message: `must be at least ${PASSWORD_MIN_LENGTH} characters`,
        },
      ],
    );
  }
}

/** Hashes a password with a fresh 16-byte salt. */
export async function hashPassword(
  password: string,
  parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS,
): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, parameters);
  return {
    scheme: 'scrypt',
    ...parameters,
    salt: salt.toString('base64'),
    hash: key.toString('base64'),
  };
}

/** True when `password` matches; compares in constant time. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A generated password: 18 random bytes, base64url (24 characters, 144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
