/** The longest id the API accepts. */
const ID_MAX_LENGTH = 64;

/**
 * An id the API accepts (lowercase letters, digits, single hyphens) suggested from a name:
 * "Finance & Ops" -> "finance-ops". Accents are dropped; an optional prefix is kept ("pos-").
 */
export function toIdentifier(name: string, prefix = ''): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${prefix}${slug}`.slice(0, ID_MAX_LENGTH).replace(/-+$/, '');
}
