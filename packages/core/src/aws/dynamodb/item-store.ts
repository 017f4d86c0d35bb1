import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TranslateConfig,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ClawforceError } from '../../errors.js';
import {
  assertTransaction,
  conditionFailed,
  cursorAfter,
  decodeCursor,
  type ItemKey,
  type ItemStore,
  isExpired,
  type Page,
  type QueryOptions,
  queryLimit,
  type StoredItem,
  transactionCanceled,
  type WriteOperation,
} from '../../ports/item-store.js';
import { backoffDelay, sleep } from '../internal/retry.js';
import { serviceErrorName, unexpectedServiceError } from '../internal/service-errors.js';
import {
  type Assumption,
  type CompiledWrite,
  classifyFailure,
  compileExpiredDelete,
  compileWrite,
  ExpressionBuilder,
  initialAssumption,
  type Verdict,
} from './internal/expressions.js';
import {
  assertQueryBounds,
  matchesQuery,
  partitionAttribute,
  sortAttribute,
  sortKeyRange,
  startKeyAfter,
} from './internal/query-plan.js';
import {
  ATTRIBUTES,
  assertCounters,
  assertDynamoAttributes,
  assertDynamoKey,
  type DynamoRecord,
  keyOf,
  toStoredItem,
} from './internal/record.js';
import { ITEM_TABLE_DESIGN } from './table.js';

export interface DynamoItemStoreOptions {
  /** An SDK v3 DynamoDB client; it stays the caller's (`close()` does not destroy it). */
  readonly client: DynamoDBClient;
  /** A table laid out by `createTableDefinition` (or the CDK app). */
  readonly tableName: string;
  /** Clock in epoch milliseconds; decides which items have expired. */
  readonly now?: () => number;
  /**
   * Attempts per write when it meets contention (transaction conflicts, throttled transactions,
   * expired items to clear) before giving up with `busy`. Default 10.
   */
  readonly maxAttempts?: number;
}

/** DynamoDB's limit on items per TransactWriteItems. */
export const DYNAMODB_MAX_TRANSACTION_ITEMS = 100;
const BATCH_GET_MAX_KEYS = 100;

const TRANSLATE_CONFIG: TranslateConfig = {
  marshallOptions: {
    removeUndefinedValues: true,
    convertClassInstanceToMap: false,
    // Item data is JSON: numbers are doubles already, so store them as they are.
    allowImpreciseNumbers: true,
  },
  unmarshallOptions: { wrapNumbers: (value: string) => Number(value) },
};

/** Records returned inside SDK errors are raw AttributeValues; the document client does not decode them. */
function decodeRecord(record: unknown): DynamoRecord | undefined {
  if (!record || typeof record !== 'object') return undefined;
  const pk = (record as Record<string, unknown>)[ATTRIBUTES.pk];
  if (typeof pk === 'string') return record as DynamoRecord;
  return unmarshall(record as Parameters<typeof unmarshall>[0], {
    wrapNumbers: (value: string) => Number(value),
    convertWithoutMapWrapper: false,
  });
}

function validationError(error: unknown): ClawforceError | undefined {
  if (serviceErrorName(error) !== 'ValidationException') return undefined;
  const message = (error as Error).message;
  if (/size/i.test(message) && /exceed/i.test(message)) {
    return new ClawforceError('too_large', `DynamoDB refused the item: ${message}`);
  }
  return new ClawforceError('validation_failed', `DynamoDB refused the request: ${message}`);
}

/**
 * An ItemStore on one DynamoDB table (single-table design, docs/architecture/key-design.md).
 *
 * - Every write is one conditional UpdateItem/DeleteItem (or one TransactWriteItems): versions
 *   and counters change atomically in DynamoDB (`if_not_exists`, `ADD`), never by read-modify-write.
 * - Expired items (`expiresAt`, the TTL attribute) read as absent everywhere before DynamoDB's TTL
 *   sweep removes them; a write that meets one deletes it conditionally and retries.
 * - Queries read the table with strongly consistent reads; `gsi1` queries are eventually
 *   consistent, as DynamoDB global secondary indexes are.
 */
export function createDynamoItemStore(options: DynamoItemStoreOptions): ItemStore {
  const document = DynamoDBDocumentClient.from(options.client, TRANSLATE_CONFIG);
  const tableName = options.tableName;
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? 10;
  const nowSeconds = () => Math.floor(now() / 1_000);

  const fail = (error: unknown, operation: string): never => {
    throw validationError(error) ?? unexpectedServiceError(error, 'DynamoDB', operation);
  };

  const readRecord = async (key: ItemKey): Promise<DynamoRecord | undefined> => {
    try {
      const { Item } = await document.send(
        new GetCommand({ TableName: tableName, Key: keyOf(key), ConsistentRead: true }),
      );
      return Item as DynamoRecord | undefined;
    } catch (error) {
      return fail(error, 'GetItem');
    }
  };

  const liveItem = (record: DynamoRecord | undefined, seconds: number) => {
    if (!record) return undefined;
    const item = toStoredItem(record);
    return isExpired(item, seconds) ? undefined : item;
  };

  const clearExpired = async (stored: DynamoRecord, seconds: number) => {
    try {
      await document.send(new DeleteCommand(compileExpiredDelete(tableName, stored, seconds)));
    } catch (error) {
      // Someone else cleared or rewrote it first: the retry sees the new state.
      if (serviceErrorName(error) !== 'ConditionalCheckFailedException') fail(error, 'DeleteItem');
    }
  };

  const validateOperation = (operation: WriteOperation) => {
    const key = operation.type === 'put' ? operation.item : operation.key;
    assertDynamoKey(key);
    if (operation.type === 'put') assertDynamoAttributes(key, operation.item);
    if (operation.type === 'increment') {
      assertCounters(operation.counters);
      if (operation.create) assertDynamoAttributes(key, operation.create);
    }
  };

  /** Runs one write, resolving failed conditions into conflict / clear-and-retry / switch. */
  const writeOne = async (operation: WriteOperation): Promise<DynamoRecord | undefined> => {
    validateOperation(operation);
    const key = operation.type === 'put' ? operation.item : operation.key;
    let assumption = initialAssumption(operation);
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const seconds = nowSeconds();
      const compiled = compileWrite(tableName, operation, assumption, seconds);
      try {
        if ('Update' in compiled) {
          const { Attributes } = await document.send(
            new UpdateCommand({ ...compiled.Update, ReturnValues: 'ALL_NEW' }),
          );
          return Attributes as DynamoRecord;
        }
        if ('Delete' in compiled) {
          const { Attributes } = await document.send(
            new DeleteCommand({ ...compiled.Delete, ReturnValues: 'ALL_OLD' }),
          );
          return Attributes as DynamoRecord | undefined;
        }
        throw new ClawforceError('validation_failed', 'a check runs only inside transact');
      } catch (error) {
        const name = serviceErrorName(error);
        if (name === 'TransactionConflictException') {
          await sleep(backoffDelay(attempt));
          continue;
        }
        if (name !== 'ConditionalCheckFailedException') {
          return fail(error, 'Update' in compiled ? 'UpdateItem' : 'DeleteItem');
        }
        const returned = decodeRecord((error as { Item?: unknown }).Item);
        const stored = returned ?? (await readRecord(key));
        const verdict = classifyFailure(operation, assumption, stored, seconds);
        if (verdict.kind === 'condition_failed') {
          throw conditionFailed(key, operation.condition ?? { kind: 'present' });
        }
        assumption = await resolve(verdict, assumption, seconds);
        if (verdict.kind === 'retry') await sleep(backoffDelay(attempt));
      }
    }
    throw new ClawforceError(
      'busy',
      `write to ${key.pk} / ${key.sk} kept conflicting; retry later`,
    );
  };

  const resolve = async (
    verdict: Exclude<Verdict, { kind: 'condition_failed' }>,
    assumption: Assumption | undefined,
    seconds: number,
  ): Promise<Assumption | undefined> => {
    if (verdict.kind === 'expired') {
      await clearExpired(verdict.stored, seconds);
      return verdict.assumption ?? assumption;
    }
    return verdict.kind === 'switch' ? verdict.assumption : assumption;
  };

  const readMany = async (keys: readonly ItemKey[]): Promise<Map<string, DynamoRecord>> => {
    const found = new Map<string, DynamoRecord>();
    const unique = [...new Map(keys.map((key) => [idOf(key), key])).values()];
    for (let start = 0; start < unique.length; start += BATCH_GET_MAX_KEYS) {
      let pending: Record<string, unknown>[] = unique
        .slice(start, start + BATCH_GET_MAX_KEYS)
        .map(keyOf);
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt >= maxAttempts) {
          throw new ClawforceError('busy', 'DynamoDB kept leaving keys unprocessed; retry later');
        }
        if (attempt > 0) await sleep(backoffDelay(attempt));
        try {
          const response = await document.send(
            new BatchGetCommand({
              RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } },
            }),
          );
          for (const record of response.Responses?.[tableName] ?? []) {
            found.set(idOf(toStoredItem(record)), record);
          }
          pending = response.UnprocessedKeys?.[tableName]?.Keys ?? [];
        } catch (error) {
          fail(error, 'BatchGetItem');
        }
      }
    }
    return found;
  };

  return {
    maxTransactionItems: DYNAMODB_MAX_TRANSACTION_ITEMS,

    async get(key) {
      assertDynamoKey(key);
      return liveItem(await readRecord(key), nowSeconds());
    },

    async getMany(keys) {
      for (const key of keys) assertDynamoKey(key);
      const found = await readMany(keys);
      const seconds = nowSeconds();
      return keys.map((key) => liveItem(found.get(idOf(key)), seconds));
    },

    async put(item, condition) {
      const record = await writeOne({
        type: 'put',
        item,
        ...(condition ? { condition } : {}),
      });
      return toStoredItem(record as DynamoRecord);
    },

    async delete(key, condition) {
      const previous = await writeOne({ type: 'delete', key, ...(condition ? { condition } : {}) });
      return liveItem(previous, nowSeconds());
    },

    async increment(key, counters, incrementOptions = {}) {
      const record = await writeOne({
        type: 'increment',
        key,
        counters,
        ...(incrementOptions.create ? { create: incrementOptions.create } : {}),
        ...(incrementOptions.condition ? { condition: incrementOptions.condition } : {}),
      });
      return toStoredItem(record as DynamoRecord);
    },

    async query(queryOptions: QueryOptions): Promise<Page<StoredItem>> {
      const limit = queryLimit(queryOptions);
      assertQueryBounds(queryOptions);
      const after =
        queryOptions.cursor === undefined
          ? undefined
          : decodeCursor(queryOptions, queryOptions.cursor);
      const range = sortKeyRange(queryOptions);
      if (range === 'empty') return { items: [] };
      const start = after ? startKeyAfter(queryOptions, after, range) : 'from-start';
      if (start === 'exhausted') return { items: [] };

      const seconds = nowSeconds();
      const builder = new ExpressionBuilder();
      const conditions = [
        `${builder.name(partitionAttribute(queryOptions))} = ${builder.value(queryOptions.partition)}`,
      ];
      const sortKey = () => builder.name(sortAttribute(queryOptions));
      if (range.lower !== undefined && range.upper !== undefined) {
        conditions.push(
          `${sortKey()} BETWEEN ${builder.value(range.lower)} AND ${builder.value(range.upper)}`,
        );
      } else if (range.lower !== undefined) {
        conditions.push(`${sortKey()} >= ${builder.value(range.lower)}`);
      } else if (range.upper !== undefined) {
        conditions.push(`${sortKey()} <= ${builder.value(range.upper)}`);
      }
      const expiresAt = builder.name(ATTRIBUTES.expiresAt);
      const filter = `attribute_not_exists(${expiresAt}) OR ${expiresAt} > ${builder.value(seconds)}`;
      const gsi = queryOptions.index === 'gsi1';

      const collected: StoredItem[] = [];
      let exclusiveStartKey = start === 'from-start' ? undefined : start;
      do {
        try {
          const response = await document.send(
            new QueryCommand({
              TableName: tableName,
              ...(gsi ? { IndexName: ITEM_TABLE_DESIGN.index.name } : { ConsistentRead: true }),
              KeyConditionExpression: conditions.join(' AND '),
              FilterExpression: filter,
              ...builder.parameters(),
              ScanIndexForward: queryOptions.order !== 'desc',
              // One more than the page, to know whether another page follows.
              Limit: limit + 1 - collected.length,
              ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
            }),
          );
          for (const record of response.Items ?? []) {
            const item = toStoredItem(record);
            if (matchesQuery(item, queryOptions, seconds)) collected.push(item);
          }
          exclusiveStartKey = response.LastEvaluatedKey as Record<string, string> | undefined;
        } catch (error) {
          fail(error, 'Query');
        }
      } while (exclusiveStartKey && collected.length <= limit);

      const items = collected.slice(0, limit);
      const last = items.at(-1);
      return collected.length > limit && last
        ? { items, cursor: cursorAfter(queryOptions, last) }
        : { items };
    },

    async transact(operations) {
      assertTransaction(operations, DYNAMODB_MAX_TRANSACTION_ITEMS);
      for (const operation of operations) validateOperation(operation);
      if (operations.length === 0) return;
      const assumptions = operations.map(initialAssumption);
      for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
        const seconds = nowSeconds();
        const compiled: CompiledWrite[] = operations.map((operation, index) =>
          compileWrite(tableName, operation, assumptions[index], seconds),
        );
        try {
          await document.send(
            new TransactWriteCommand({
              TransactItems: compiled,
              // Makes the SDK's own network retries of this exact request idempotent.
              ClientRequestToken: randomUUID(),
            }),
          );
          return;
        } catch (error) {
          if (serviceErrorName(error) !== 'TransactionCanceledException') {
            fail(error, 'TransactWriteItems');
          }
          const reasons =
            (
              error as {
                CancellationReasons?: { Code?: string; Message?: string; Item?: unknown }[];
              }
            ).CancellationReasons ?? [];
          const codes = operations.map((_, index) => reasons[index]?.Code ?? 'None');
          const invalid = codes.indexOf('ValidationError');
          if (invalid !== -1) {
            throw validationError({
              name: 'ValidationException',
              message: reasons[invalid]?.Message ?? 'invalid operation',
              $metadata: {},
            }) as ClawforceError;
          }
          if (codes.includes('ItemCollectionSizeLimitExceeded')) {
            throw new ClawforceError('limit_exceeded', 'an item collection reached its size limit');
          }
          const failed = codes.flatMap((code, index) =>
            code === 'ConditionalCheckFailed' ? [index] : [],
          );
          if (failed.length === 0) {
            // TransactionConflict, throttling: someone else holds one of the items right now.
            await sleep(backoffDelay(attempt));
            continue;
          }
          const verdicts = await classifyAll(error, failed, operations, assumptions, seconds);
          if ([...verdicts.values()].some((verdict) => verdict.kind === 'condition_failed')) {
            throw transactionCanceled(
              operations.map((_, index) =>
                verdicts.get(index)?.kind === 'condition_failed' ? 'condition_failed' : 'none',
              ),
            );
          }
          for (const [index, verdict] of verdicts) {
            if (verdict.kind === 'condition_failed') continue;
            assumptions[index] = await resolve(verdict, assumptions[index], seconds);
          }
          if ([...verdicts.values()].every((verdict) => verdict.kind === 'retry')) {
            await sleep(backoffDelay(attempt));
          }
        }
      }
      throw new ClawforceError('busy', 'transaction kept conflicting; retry later');
    },

    async close() {},
  };

  async function classifyAll(
    error: unknown,
    failed: readonly number[],
    operations: readonly WriteOperation[],
    assumptions: readonly (Assumption | undefined)[],
    seconds: number,
  ): Promise<Map<number, Verdict>> {
    const reasons = (error as { CancellationReasons?: { Item?: unknown }[] }).CancellationReasons;
    const keyOfOperation = (index: number) => {
      const operation = operations[index] as WriteOperation;
      return operation.type === 'put' ? operation.item : operation.key;
    };
    // DynamoDB returns the item of a failed condition when asked; read the rest.
    const missing = failed.filter((index) => !reasons?.[index]?.Item);
    const fetched = missing.length > 0 ? await readMany(missing.map(keyOfOperation)) : new Map();
    const verdicts = new Map<number, Verdict>();
    for (const index of failed) {
      const stored =
        decodeRecord(reasons?.[index]?.Item) ?? fetched.get(idOf(keyOfOperation(index)));
      verdicts.set(
        index,
        classifyFailure(operations[index] as WriteOperation, assumptions[index], stored, seconds),
      );
    }
    return verdicts;
  }
}

function idOf(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`;
}
