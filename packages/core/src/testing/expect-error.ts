import { expect } from 'vitest';
import { type ErrorCode, isClawforceError } from '../errors.js';

/** Asserts that `action` rejects with a ClawforceError of `code` and returns the error. */
export async function expectClawforceError(
  action: Promise<unknown> | (() => unknown),
  code: ErrorCode,
) {
  let caught: unknown;
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a ${code} error`).toBeDefined();
  if (!isClawforceError(caught)) throw caught;
  expect(caught.code).toBe(code);
  return caught;
}
