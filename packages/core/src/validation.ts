import type { z } from 'zod';
import { ClawforceError, type ErrorDetail } from './errors.js';

function pathOf(path: readonly PropertyKey[], key?: string): string {
  const parts = key === undefined ? [...path] : [...path, key];
  return parts.length === 0 ? '(root)' : parts.map(String).join('.');
}

/** Turns zod issues into field-level details; unknown keys are reported one field each. */
export function detailsOf(error: z.ZodError): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        details.push({
          path: pathOf(issue.path, key),
          code: 'unknown_field',
          message: 'unknown field',
        });
      }
    } else {
      details.push({ path: pathOf(issue.path), code: issue.code, message: issue.message });
    }
  }
  return details;
}

/**
 * Parses `input` with `schema`. On failure throws a `validation_failed` {@link ClawforceError}
 * whose message names the first offending field and whose details list every problem.
 */
export function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  label = 'input',
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = detailsOf(result.error);
  const first = details[0];
  const message = first
    ? `${label} is invalid: ${first.path}: ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`
    : `${label} is invalid`;
  throw new ClawforceError('validation_failed', message, details, { cause: result.error });
}
