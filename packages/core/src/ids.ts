import { ClawforceError } from './errors.js';

/**
 * Ids are lowercase ASCII letters, digits and single hyphens, 1-64 characters, starting with a
 * letter or digit. They never contain path separators, dots, underscores (`__` separates the parts
 * of a session id) or anything that needs escaping in a file name, an S3 key or a DynamoDB key.
 */
export const ID_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?!-)){0,62}[a-z0-9]$|^[a-z0-9]$/;
export const ID_MAX_LENGTH = 64;

/** True when `value` is a well-formed id. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= ID_MAX_LENGTH && ID_PATTERN.test(value);
}

/** Returns `value` when it is a well-formed id, otherwise throws `invalid_id` naming `field`. */
export function assertId(value: unknown, field = 'id'): string {
  if (isId(value)) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
  throw new ClawforceError(
    'invalid_id',
    `${field} must be 1-64 lowercase letters, digits and single hyphens, got ${shown}`,
    [{ path: field, code: 'invalid_id', message: 'not a valid id' }],
  );
}

/** Turns a display name into an id-shaped slug ("HR & Admin" -> "hr-admin"). */
export function slugify(name: string, maxLength = ID_MAX_LENGTH): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return slug.length > 0 ? slug : 'x';
}
