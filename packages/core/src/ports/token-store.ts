import type { JsonObject } from '../schemas/primitives.js';

/**
 * Short-lived secrets with a purpose (`kind`): pairing codes, refresh tokens, one-time links.
 * Callers store a digest of the secret as the `id`, never the secret itself.
 */
export interface TokenRecord {
  readonly kind: string;
  readonly id: string;
  readonly ownerId?: string;
  readonly data: JsonObject;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface IssueTokenInput {
  readonly kind: string;
  readonly id: string;
  readonly ownerId?: string;
  readonly data?: JsonObject;
  /** 1 second to 400 days. */
  readonly ttlSeconds: number;
}

export interface TokenStore {
  /** Stores a new token; an unexpired token with the same kind and id is a `conflict`. */
  issue(input: IssueTokenInput): Promise<TokenRecord>;
  /** The token when it exists and has not expired. */
  get(kind: string, id: string): Promise<TokenRecord | undefined>;
  /** Atomically removes and returns the token: of many concurrent consumers, exactly one gets it. */
  consume(kind: string, id: string): Promise<TokenRecord | undefined>;
  /** True when an unexpired token was revoked. */
  revoke(kind: string, id: string): Promise<boolean>;
  /** Unexpired tokens of one owner, oldest first. */
  listByOwner(kind: string, ownerId: string): Promise<TokenRecord[]>;
}
