import { ClawforceError, isClawforceError } from '../errors.js';
import { assertId } from '../ids.js';
import type { ItemStore, StoredItem } from '../ports/item-store.js';
import type { IssueTokenInput, TokenRecord, TokenStore } from '../ports/token-store.js';
import { jsonObjectSchema } from '../schemas/primitives.js';
import { parse } from '../validation.js';

const TOKEN_ID = /^[A-Za-z0-9_-]{8,128}$/;
const MAX_TTL_SECONDS = 400 * 24 * 3_600;

function assertTokenId(id: unknown): string {
  if (typeof id !== 'string' || !TOKEN_ID.test(id)) {
    throw new ClawforceError('invalid_key', 'token ids are 8-128 characters of A-Z a-z 0-9 _ -');
  }
  return id;
}

const keyOf = (kind: string, id: string) => ({
  pk: `TOKEN#${assertId(kind, 'kind')}#${assertTokenId(id)}`,
  sk: 'TOKEN',
});

function toRecord(item: StoredItem): TokenRecord {
  const data = item.data as {
    kind: string;
    id: string;
    ownerId?: string;
    data: TokenRecord['data'];
    createdAt: string;
  };
  const record = {
    kind: data.kind,
    id: data.id,
    data: data.data,
    createdAt: data.createdAt,
    expiresAt: new Date((item.expiresAt ?? 0) * 1_000).toISOString(),
  };
  return data.ownerId === undefined ? record : { ...record, ownerId: data.ownerId };
}

/** A TokenStore on an ItemStore; expiry is the ItemStore's (DynamoDB TTL semantics). */
export function createItemTokenStore(options: {
  items: ItemStore;
  now?: () => number;
}): TokenStore {
  const { items } = options;
  const now = options.now ?? Date.now;

  return {
    async issue(input: IssueTokenInput) {
      const key = keyOf(input.kind, input.id);
      if (
        !Number.isInteger(input.ttlSeconds) ||
        input.ttlSeconds < 1 ||
        input.ttlSeconds > MAX_TTL_SECONDS
      ) {
        throw new ClawforceError(
          'validation_failed',
          'ttlSeconds must be an integer from 1 to 34560000',
          [{ path: 'ttlSeconds', code: 'too_big', message: 'out of range' }],
        );
      }
      const ownerId = input.ownerId === undefined ? undefined : assertId(input.ownerId, 'ownerId');
      const data = parse(jsonObjectSchema, input.data ?? {}, 'token data');
      const createdAt = new Date(now()).toISOString();
      const expiresAt = Math.floor(now() / 1_000) + input.ttlSeconds;
      try {
        const item = await items.put(
          {
            ...key,
            data: {
              kind: input.kind,
              id: input.id,
              data,
              createdAt,
              ...(ownerId ? { ownerId } : {}),
            },
            expiresAt,
            ...(ownerId
              ? {
                  gsi1pk: `TOKEN#${input.kind}#OWNER#${ownerId}`,
                  gsi1sk: `${createdAt}#${input.id}`,
                }
              : {}),
          },
          { kind: 'absent' },
        );
        return toRecord(item);
      } catch (error) {
        if (isClawforceError(error, 'conflict'))
          throw new ClawforceError('conflict', 'token already exists');
        throw error;
      }
    },

    async get(kind, id) {
      const item = await items.get(keyOf(kind, id));
      return item && toRecord(item);
    },

    async consume(kind, id) {
      try {
        const item = await items.delete(keyOf(kind, id), { kind: 'present' });
        return item && toRecord(item);
      } catch (error) {
        if (isClawforceError(error, 'conflict')) return undefined;
        throw error;
      }
    },

    async revoke(kind, id) {
      return (await this.consume(kind, id)) !== undefined;
    },

    async listByOwner(kind, ownerId) {
      assertId(kind, 'kind');
      assertId(ownerId, 'ownerId');
      const page = await items.query({
        index: 'gsi1',
        partition: `TOKEN#${kind}#OWNER#${ownerId}`,
        limit: 1_000,
      });
      return page.items.map(toRecord);
    },
  };
}
