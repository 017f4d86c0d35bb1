import { type BlobListOptions, type BlobStore, ClawforceError, isId } from '@clawforce/core';

/**
 * A BlobStore whose employee workspaces (`workspaces/{employeeId}/…`) are read and written with
 * that employee's own store — in a container, one on the tenant role's credentials for that
 * employee — and everything else with the shared one. A microVM serves one session, so the store
 * is bound to one employee: the first workspace it touches (or {@link TenantBlobStore.bind}).
 * Another employee's workspace is then `forbidden`, whatever asks for it.
 */
export interface TenantBlobStore extends BlobStore {
  /** Binds the store to the employee of the container's session; a different one is `forbidden`. */
  bind(employeeId: string): void;
  /** The employee it is bound to, if any. */
  readonly boundTo: string | undefined;
}

export interface TenantBlobStoreOptions {
  /** Keys outside the workspaces: knowledge, transcripts, the company directory. */
  readonly shared: BlobStore;
  /** The store of one employee's workspace (created once per employee, on first use). */
  readonly tenantStore: (employeeId: string) => BlobStore;
  /** Where workspaces are, ending with `/` (default `workspaces/`). */
  readonly workspacePrefix?: string;
}

export function createTenantBlobStore(options: TenantBlobStoreOptions): TenantBlobStore {
  const root = options.workspacePrefix ?? 'workspaces/';
  if (!root.endsWith('/')) {
    throw new ClawforceError('validation_failed', 'workspacePrefix must end with /', [
      { path: 'workspacePrefix', code: 'invalid_string', message: 'must end with /' },
    ]);
  }
  let boundTo: string | undefined;
  let tenant: BlobStore | undefined;

  const bind = (employeeId: string) => {
    if (!isId(employeeId)) {
      throw new ClawforceError('invalid_id', 'employeeId is not a valid id');
    }
    if (boundTo !== undefined && boundTo !== employeeId) {
      throw new ClawforceError(
        'forbidden',
        `this runtime serves ${boundTo}'s session; ${employeeId}'s workspace is not reachable from it`,
      );
    }
    boundTo = employeeId;
  };

  /** The store for a key or listing prefix, by the workspace it falls into. */
  const storeFor = (path: string): BlobStore => {
    if (!path.startsWith(root)) return options.shared;
    const rest = path.slice(root.length);
    const slash = rest.indexOf('/');
    // A listing across workspaces (`workspaces/` or `workspaces/emp-`) is no one tenant's.
    if (slash === -1) {
      throw new ClawforceError('forbidden', 'only one employee workspace is reachable from here');
    }
    bind(rest.slice(0, slash));
    tenant ??= options.tenantStore(boundTo as string);
    return tenant;
  };

  return {
    bind,
    get boundTo() {
      return boundTo;
    },
    // async: a refusal is a rejected promise, as every BlobStore failure is.
    put: async (key, body) => storeFor(key).put(key, body),
    get: async (key) => storeFor(key).get(key),
    head: async (key) => storeFor(key).head(key),
    delete: async (key) => storeFor(key).delete(key),
    list: async (listOptions: BlobListOptions = {}) =>
      storeFor(listOptions.prefix ?? '').list(listOptions),
  };
}
