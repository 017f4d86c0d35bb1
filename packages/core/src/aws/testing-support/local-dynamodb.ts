import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, request, type ServerResponse } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { provisionTable } from '../dynamodb/table.js';
import { listenOnLoopback, readBody } from './loopback.js';
import { KeyedMutex, ReadWriteLock } from './read-write-lock.js';

/**
 * DynamoDB for tests: dynalite in process (in memory), behind a small HTTP layer that adds what
 * dynalite lacks, speaking DynamoDB's own JSON 1.0 wire protocol so the real SDK client talks to it:
 *
 * - TransactWriteItems: serialized against every other request, all conditions evaluated first
 *   (each one by dynalite itself), applied in order, rolled back if an apply fails, and canceled
 *   with `TransactionCanceledException` + `CancellationReasons` (with `Item` when
 *   `ReturnValuesOnConditionCheckFailure` is `ALL_OLD`) exactly as DynamoDB answers.
 * - TransactGetItems: a consistent snapshot of up to 100 items.
 * - UpdateTimeToLive / DescribeTimeToLive, and {@link LocalDynamoDb.sweepExpired}, which deletes
 *   expired items the way DynamoDB's TTL process eventually does.
 * - `ReturnValuesOnConditionCheckFailure: ALL_OLD` on single writes (the stored item in
 *   `ConditionalCheckFailedException.Item`).
 *
 * Test support only: not exported from `@clawforce/core/aws`.
 */
export interface LocalDynamoDb {
  readonly endpoint: string;
  /** A client for this endpoint (its own instance; destroy it or call {@link close}). */
  client(): DynamoDBClient;
  /** Creates a fresh ItemStore table (random name) with TTL on, and returns its name. */
  createTable(): Promise<string>;
  /** Deletes every item whose TTL attribute is at or before `nowSeconds`; returns how many. */
  sweepExpired(tableName: string, nowSeconds: number): Promise<number>;
  /** Requests received, by operation name. */
  readonly requests: Map<string, number>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type AttributeMap = Record<string, unknown>;

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface KeySchema {
  readonly hash: string;
  readonly range?: string;
}

const TARGET_PREFIX = 'DynamoDB_20120810';
const MAX_TRANSACTION_ITEMS = 100;
// dynalite checks that a request is signed, not the signature.
const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';

const errorBody = (type: string, message: string, extra: Json = {}) =>
  JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message, ...extra });

const validation = (message: string): Reply => ({
  status: 400,
  headers: {},
  body: JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message }),
});

const ok = (payload: Json): Reply => ({ status: 200, headers: {}, body: JSON.stringify(payload) });

function errorType(reply: Reply): string | undefined {
  if (reply.status < 400) return undefined;
  try {
    const type = (JSON.parse(reply.body) as { __type?: string }).__type ?? '';
    return type.slice(type.indexOf('#') + 1);
  } catch {
    return 'Unknown';
  }
}

/** DynamoDB's check that every expression name and value is used, with its message. */
function unusedPlaceholders(payload: Json): string | undefined {
  const text = [payload.ConditionExpression, payload.UpdateExpression, payload.ProjectionExpression]
    .filter((part) => typeof part === 'string')
    .join(' ');
  const used = new Set(text.match(/[#:][A-Za-z0-9_]+/g) ?? []);
  for (const [field, label] of [
    ['ExpressionAttributeNames', 'ExpressionAttributeNames'],
    ['ExpressionAttributeValues', 'ExpressionAttributeValues'],
  ] as const) {
    const map = payload[field];
    if (!map || typeof map !== 'object') continue;
    const unused = Object.keys(map).filter((placeholder) => !used.has(placeholder));
    if (unused.length > 0) {
      return `Value provided in ${label} unused in expressions: keys: {${unused.join(', ')}}`;
    }
  }
  return undefined;
}

export async function startLocalDynamoDb(): Promise<LocalDynamoDb> {
  const backend = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const backendPort = await listenOnLoopback(backend);
  const lock = new ReadWriteLock();
  const keyLocks = new KeyedMutex();
  const schemas = new Map<string, KeySchema>();
  const timeToLive = new Map<string, string>();
  const requests = new Map<string, number>();
  const clients: DynamoDBClient[] = [];

  /** One call to dynalite, as the SDK would make it. */
  const call = (operation: string, payload: Json): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(payload);
      const outgoing = request(
        {
          host: '127.0.0.1',
          port: backendPort,
          method: 'POST',
          path: '/',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'content-length': Buffer.byteLength(body),
            'x-amz-target': `${TARGET_PREFIX}.${operation}`,
            'x-amz-date': '20260101T000000Z',
            authorization: AUTHORIZATION,
          },
        },
        (incoming) => {
          readBody(incoming).then(
            (text) =>
              resolve({
                status: incoming.statusCode ?? 500,
                headers: incoming.headers,
                body: text,
              }),
            reject,
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const callJson = async (operation: string, payload: Json) => {
    const reply = await call(operation, payload);
    return { reply, json: reply.status < 400 ? (JSON.parse(reply.body) as Json) : undefined };
  };

  const schemaOf = async (tableName: string): Promise<KeySchema | Reply> => {
    const known = schemas.get(tableName);
    if (known) return known;
    const { reply, json } = await callJson('DescribeTable', { TableName: tableName });
    if (!json) return reply;
    const keySchema = (json.Table as { KeySchema: { AttributeName: string; KeyType: string }[] })
      .KeySchema;
    const schema: KeySchema = {
      hash: keySchema.find((entry) => entry.KeyType === 'HASH')?.AttributeName ?? '',
      ...(keySchema.some((entry) => entry.KeyType === 'RANGE')
        ? { range: keySchema.find((entry) => entry.KeyType === 'RANGE')?.AttributeName as string }
        : {}),
    };
    schemas.set(tableName, schema);
    return schema;
  };

  const keyFrom = (schema: KeySchema, item: AttributeMap): AttributeMap => ({
    [schema.hash]: item[schema.hash],
    ...(schema.range ? { [schema.range]: item[schema.range] } : {}),
  });

  const getItem = async (tableName: string, key: AttributeMap) => {
    const { reply, json } = await callJson('GetItem', {
      TableName: tableName,
      Key: key,
      ConsistentRead: true,
    });
    if (!json) throw new Error(`local DynamoDB: GetItem failed: ${reply.body}`);
    return json.Item as AttributeMap | undefined;
  };

  /** Puts back what was there before (or removes what was not). */
  const restore = (tableName: string, key: AttributeMap, snapshot: AttributeMap | undefined) =>
    snapshot
      ? call('PutItem', { TableName: tableName, Item: snapshot })
      : call('DeleteItem', { TableName: tableName, Key: key });

  /** PutItem / UpdateItem / DeleteItem, one key at a time so a failed condition reports the item it saw. */
  const singleWrite = async (operation: string, payload: Json): Promise<Reply> => {
    const tableName = String(payload.TableName ?? '');
    const schema = await schemaOf(tableName);
    const source = (operation === 'PutItem' ? payload.Item : payload.Key) as
      | AttributeMap
      | undefined;
    if ('status' in schema || !source) return call(operation, payload);
    const key = keyFrom(schema, source);
    return keyLocks.run(`${tableName}\u0000${JSON.stringify(key)}`, async () => {
      const reply = await call(operation, payload);
      if (
        errorType(reply) !== 'ConditionalCheckFailedException' ||
        payload.ReturnValuesOnConditionCheckFailure !== 'ALL_OLD'
      ) {
        return reply;
      }
      const item = await getItem(tableName, key);
      return {
        status: 400,
        headers: {},
        body: errorBody(
          'ConditionalCheckFailedException',
          'The conditional request failed',
          item ? { Item: item } : {},
        ),
      };
    });
  };

  interface TransactEntry {
    readonly kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
    readonly payload: Json;
    readonly tableName: string;
    readonly key: AttributeMap;
  }

  const parseTransactItems = async (payload: Json): Promise<TransactEntry[] | Reply> => {
    const items = payload.TransactItems;
    if (!Array.isArray(items) || items.length === 0) {
      return validation('TransactItems must hold at least one item');
    }
    if (items.length > MAX_TRANSACTION_ITEMS) {
      return validation(
        `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TRANSACTION_ITEMS}`,
      );
    }
    const entries: TransactEntry[] = [];
    const seen = new Set<string>();
    for (const item of items as Json[]) {
      const kinds = (['Put', 'Update', 'Delete', 'ConditionCheck'] as const).filter(
        (kind) => item[kind] !== undefined,
      );
      if (kinds.length !== 1) {
        return validation('TransactItems can only contain one of Check, Put, Update or Delete');
      }
      const kind = kinds[0] as TransactEntry['kind'];
      const entryPayload = item[kind] as Json;
      const tableName = String(entryPayload.TableName ?? '');
      const schema = await schemaOf(tableName);
      if ('status' in schema) return schema;
      const source = (kind === 'Put' ? entryPayload.Item : entryPayload.Key) as AttributeMap;
      if (!source || typeof source !== 'object') return validation(`${kind} needs a key`);
      const key = keyFrom(schema, source);
      const id = `${tableName}\u0000${JSON.stringify(key)}`;
      if (seen.has(id)) {
        return validation('Transaction request cannot include multiple operations on one item');
      }
      if (kind === 'ConditionCheck' && typeof entryPayload.ConditionExpression !== 'string') {
        return validation('ConditionCheck requires a ConditionExpression');
      }
      const unused = unusedPlaceholders(entryPayload);
      if (unused) return validation(unused);
      seen.add(id);
      entries.push({ kind, payload: entryPayload, tableName, key });
    }
    return entries;
  };

  /**
   * Applies one entry with its condition, returning dynalite's reply and the item as it was before
   * (ALL_OLD), which is what a rollback restores. A ConditionCheck rewrites the item with itself (or
   * deletes an absent one): a no-op that evaluates the condition with dynalite's own evaluator.
   */
  const applyEntry = async (
    entry: TransactEntry,
  ): Promise<{ reply: Reply; before: AttributeMap | undefined; wrote: boolean }> => {
    const { ReturnValuesOnConditionCheckFailure: _returnValues, ...payload } =
      entry.payload as Json & { ReturnValuesOnConditionCheckFailure?: unknown };
    if (entry.kind === 'ConditionCheck') {
      const snapshot = await getItem(entry.tableName, entry.key);
      const common = { ...payload, TableName: entry.tableName };
      const reply = snapshot
        ? await call('PutItem', { ...common, Item: snapshot })
        : await call('DeleteItem', { ...common, Key: entry.key });
      return { reply, before: snapshot, wrote: false };
    }
    const operation = entry.kind === 'Put' ? 'PutItem' : `${entry.kind}Item`;
    const reply = await call(operation, { ...payload, ReturnValues: 'ALL_OLD' });
    const before =
      reply.status < 400
        ? ((JSON.parse(reply.body) as Json).Attributes as AttributeMap)
        : undefined;
    return { reply, before, wrote: reply.status < 400 };
  };

  const canceled = (reasons: Json[]): Reply => ({
    status: 400,
    headers: {},
    body: JSON.stringify({
      __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
      Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons
        .map((reason) => reason.Code)
        .join(', ')}]`,
      CancellationReasons: reasons,
    }),
  });

  const transactWrite = async (payload: Json): Promise<Reply> => {
    const entries = await parseTransactItems(payload);
    if (!Array.isArray(entries)) return entries;
    // Every entry has its own key, so all of them can run side by side: each condition is checked
    // against the state before the transaction, as DynamoDB does.
    const results = await Promise.all(entries.map(applyEntry));
    if (results.every(({ reply }) => reply.status < 400)) return ok({});

    const malformed = results.find(
      ({ reply }) =>
        errorType(reply) === 'ValidationException' &&
        /Invalid (Condition|Update)Expression|ExpressionAttribute(Names|Values)/.test(reply.body),
    );
    // Roll back: every written entry gets its old item back (or disappears again).
    await Promise.all(
      results.map(({ wrote, before }, index) => {
        const entry = entries[index] as TransactEntry;
        return wrote ? restore(entry.tableName, entry.key, before) : undefined;
      }),
    );
    // A malformed expression fails the whole request, as DynamoDB validates before it runs.
    if (malformed) return malformed.reply;
    const reasons = await Promise.all(
      results.map(async ({ reply }, index): Promise<Json> => {
        const entry = entries[index] as TransactEntry;
        const type = errorType(reply);
        if (type === undefined) return { Code: 'None' };
        if (type === 'ConditionalCheckFailedException') {
          // Nothing was written for this key, so the stored item is the one the condition saw.
          const item =
            entry.payload.ReturnValuesOnConditionCheckFailure === 'ALL_OLD'
              ? await getItem(entry.tableName, entry.key)
              : undefined;
          return {
            Code: 'ConditionalCheckFailed',
            Message: 'The conditional request failed',
            ...(item ? { Item: item } : {}),
          };
        }
        let message = 'The transaction item failed';
        try {
          message = String((JSON.parse(reply.body) as Json).message ?? message);
        } catch {}
        return { Code: 'ValidationError', Message: message };
      }),
    );
    return canceled(reasons);
  };

  const transactGet = async (payload: Json): Promise<Reply> => {
    const items = payload.TransactItems;
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_TRANSACTION_ITEMS) {
      return validation(`TransactItems must hold 1-${MAX_TRANSACTION_ITEMS} items`);
    }
    const responses: Json[] = [];
    for (const item of items as Json[]) {
      const get = item.Get as Json | undefined;
      if (!get) return validation('TransactGetItems holds only Get items');
      const { reply, json } = await callJson('GetItem', { ...get, ConsistentRead: true });
      if (!json) return reply;
      responses.push(json.Item ? { Item: json.Item } : {});
    }
    return ok({ Responses: responses });
  };

  const updateTimeToLive = async (payload: Json): Promise<Reply> => {
    const tableName = String(payload.TableName ?? '');
    const schema = await schemaOf(tableName);
    if ('status' in schema) return schema;
    const specification = payload.TimeToLiveSpecification as
      | { AttributeName?: string; Enabled?: boolean }
      | undefined;
    if (!specification?.AttributeName || typeof specification.Enabled !== 'boolean') {
      return validation('TimeToLiveSpecification needs AttributeName and Enabled');
    }
    const current = timeToLive.get(tableName);
    if (specification.Enabled) {
      if (current !== undefined) return validation('TimeToLive is already enabled');
      timeToLive.set(tableName, specification.AttributeName);
    } else {
      if (current === undefined) return validation('TimeToLive is already disabled');
      timeToLive.delete(tableName);
    }
    return ok({ TimeToLiveSpecification: specification });
  };

  const describeTimeToLive = async (payload: Json): Promise<Reply> => {
    const tableName = String(payload.TableName ?? '');
    const schema = await schemaOf(tableName);
    if ('status' in schema) return schema;
    const attribute = timeToLive.get(tableName);
    return ok({
      TimeToLiveDescription: attribute
        ? { TimeToLiveStatus: 'ENABLED', AttributeName: attribute }
        : { TimeToLiveStatus: 'DISABLED' },
    });
  };

  const handle = async (operation: string, text: string): Promise<Reply> => {
    let payload: Json;
    try {
      payload = JSON.parse(text) as Json;
    } catch {
      return call(operation, {});
    }
    switch (operation) {
      case 'TransactWriteItems':
        return lock.run(true, () => transactWrite(payload));
      case 'TransactGetItems':
        return lock.run(true, () => transactGet(payload));
      case 'UpdateTimeToLive':
        return lock.run(true, () => updateTimeToLive(payload));
      case 'DescribeTimeToLive':
        return lock.run(false, () => describeTimeToLive(payload));
      case 'PutItem':
      case 'UpdateItem':
      case 'DeleteItem':
        return lock.run(false, () => singleWrite(operation, payload));
      default:
        return lock.run(false, () => call(operation, payload));
    }
  };

  const respond = (response: ServerResponse, reply: Reply) => {
    const body = Buffer.from(reply.body, 'utf8');
    response.writeHead(reply.status, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': body.byteLength,
      'x-amzn-requestid': randomBytes(26).toString('hex').toUpperCase(),
      // dynalite's CRC32 covers its own body; pass it on only for bodies passed through unchanged.
      ...(typeof reply.headers['x-amz-crc32'] === 'string'
        ? { 'x-amz-crc32': reply.headers['x-amz-crc32'] }
        : {}),
    });
    response.end(body);
  };

  const front = createServer((incoming, response) => {
    readBody(incoming)
      .then((text) => {
        const target = String(incoming.headers['x-amz-target'] ?? '');
        const operation = target.slice(target.indexOf('.') + 1);
        requests.set(operation, (requests.get(operation) ?? 0) + 1);
        return handle(operation, text);
      })
      .then(
        (reply) => respond(response, reply),
        (error: unknown) =>
          respond(response, {
            status: 500,
            headers: {},
            body: errorBody('InternalServerError', String(error)),
          }),
      );
  });
  const port = await listenOnLoopback(front);
  const endpoint = `http://127.0.0.1:${port}`;

  const client = () => {
    const created = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    clients.push(created);
    return created;
  };

  return {
    endpoint,
    requests,
    client,

    async createTable() {
      const tableName = `items-${randomBytes(6).toString('hex')}`;
      const provisioning = client();
      await provisionTable({ client: provisioning, tableName });
      return tableName;
    },

    sweepExpired(tableName, nowSeconds) {
      return lock.run(true, async () => {
        const attribute = timeToLive.get(tableName);
        const schema = await schemaOf(tableName);
        if (!attribute || 'status' in schema) return 0;
        let deleted = 0;
        let startKey: AttributeMap | undefined;
        do {
          const { json, reply } = await callJson('Scan', {
            TableName: tableName,
            FilterExpression: '#ttl <= :now',
            ExpressionAttributeNames: { '#ttl': attribute },
            ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          });
          if (!json) throw new Error(`local DynamoDB: Scan failed: ${reply.body}`);
          for (const item of (json.Items as AttributeMap[]) ?? []) {
            await call('DeleteItem', { TableName: tableName, Key: keyFrom(schema, item) });
            deleted += 1;
          }
          startKey = json.LastEvaluatedKey as AttributeMap | undefined;
        } while (startKey);
        return deleted;
      });
    },

    async close() {
      for (const created of clients) created.destroy();
      // Keep-alive sockets would hold both servers open.
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      backend.closeAllConnections();
      await new Promise<void>((resolve) => backend.close(() => resolve()));
    },
  };
}
