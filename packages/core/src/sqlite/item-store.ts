import type BetterSqlite3 from 'better-sqlite3';
import { itemSemantics } from '../internal/item-semantics.js';
import { prefixUpperBound } from '../internal/keys.js';
import {
  assertItemKey,
  assertTransaction,
  cursorAfter,
  decodeCursor,
  type ItemKey,
  type ItemStore,
  type Page,
  type QueryOptions,
  queryLimit,
  type StoredItem,
} from '../ports/item-store.js';
import type { JsonObject } from '../schemas/primitives.js';

type Database = BetterSqlite3.Database;

interface Row {
  pk: string;
  sk: string;
  gsi1pk: string | null;
  gsi1sk: string | null;
  data: string;
  counters: string;
  expires_at: number | null;
  version: number;
}

export interface SqliteItemStoreOptions {
  /** An open better-sqlite3 database; the store creates its table and index if missing. */
  readonly database: Database;
  /** Clock in epoch milliseconds; drives item expiry. */
  readonly now?: () => number;
  /** Table name, default `items`. */
  readonly table?: string;
}

/** Opens (or creates) a SQLite file tuned for this workload: WAL, NORMAL sync, busy timeout. */
export async function openSqliteDatabase(path: string): Promise<Database> {
  const { default: Sqlite } = await import('better-sqlite3');
  const database = new Sqlite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('temp_store = MEMORY');
  return database;
}

/** The columns of {@link Row}, in the order of {@link RawRow}. */
const ROW_COLUMNS = 'pk, sk, gsi1pk, gsi1sk, data, counters, expires_at, version';
type RawRow = [
  pk: string,
  sk: string,
  gsi1pk: string | null,
  gsi1sk: string | null,
  data: string,
  counters: string,
  expiresAt: number | null,
  version: number,
];

function toItemFromRaw(row: RawRow): StoredItem {
  const [pk, sk, gsi1pk, gsi1sk, data, counters, expiresAt, version] = row;
  return toItem({ pk, sk, gsi1pk, gsi1sk, data, counters, expires_at: expiresAt, version });
}

function toItem(row: Row): StoredItem {
  const item: {
    -readonly [K in keyof StoredItem]: StoredItem[K];
  } = {
    pk: row.pk,
    sk: row.sk,
    data: JSON.parse(row.data) as JsonObject,
    // Most items have no counters: skip parsing the empty object.
    counters: row.counters === '{}' ? {} : (JSON.parse(row.counters) as Record<string, number>),
    version: row.version,
  };
  if (row.gsi1pk !== null) item.gsi1pk = row.gsi1pk;
  if (row.gsi1sk !== null) item.gsi1sk = row.gsi1sk;
  if (row.expires_at !== null) item.expiresAt = row.expires_at;
  return item;
}

/**
 * An ItemStore on SQLite (better-sqlite3 12): one `WITHOUT ROWID` table keyed by (pk, sk) and a
 * partial index for gsi1. Every write runs in an IMMEDIATE transaction, so conditions hold across
 * processes that share the file.
 */
export function createSqliteItemStore(options: SqliteItemStoreOptions): ItemStore {
  const { database } = options;
  const now = options.now ?? Date.now;
  const table = options.table ?? 'items';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(table)) throw new Error(`invalid table name ${table}`);

  database.exec(`
    CREATE TABLE IF NOT EXISTS ${table} (
      pk TEXT NOT NULL,
      sk TEXT NOT NULL,
      gsi1pk TEXT,
      gsi1sk TEXT,
      data TEXT NOT NULL,
      counters TEXT NOT NULL DEFAULT '{}',
      expires_at INTEGER,
      version INTEGER NOT NULL,
      PRIMARY KEY (pk, sk)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS ${table}_gsi1 ON ${table} (gsi1pk, gsi1sk, pk, sk) WHERE gsi1pk IS NOT NULL;
  `);

  const nowSeconds = () => Math.floor(now() / 1_000);
  const selectOne = database.prepare<[string, string, number], Row>(
    `SELECT * FROM ${table} WHERE pk = ? AND sk = ? AND (expires_at IS NULL OR expires_at > ?)`,
  );
  const upsert = database.prepare(
    `INSERT INTO ${table} (pk, sk, gsi1pk, gsi1sk, data, counters, expires_at, version)
     VALUES (@pk, @sk, @gsi1pk, @gsi1sk, @data, @counters, @expires_at, @version)
     ON CONFLICT (pk, sk) DO UPDATE SET gsi1pk = excluded.gsi1pk, gsi1sk = excluded.gsi1sk, data = excluded.data,
       counters = excluded.counters, expires_at = excluded.expires_at, version = excluded.version`,
  );
  const remove = database.prepare<[string, string]>(`DELETE FROM ${table} WHERE pk = ? AND sk = ?`);

  const read = (key: ItemKey) => {
    const row = selectOne.get(key.pk, key.sk, nowSeconds());
    return row && toItem(row);
  };

  const semantics = itemSemantics({
    read,
    store: (item) =>
      upsert.run({
        pk: item.pk,
        sk: item.sk,
        gsi1pk: item.gsi1pk ?? null,
        gsi1sk: item.gsi1sk ?? null,
        data: JSON.stringify(item.data),
        counters: JSON.stringify(item.counters),
        expires_at: item.expiresAt ?? null,
        version: item.version,
      }),
    remove: (key) => remove.run(key.pk, key.sk),
  });
  // IMMEDIATE transactions: a condition read and the write it guards are atomic across processes.
  const putTx = database.transaction(semantics.put);
  const deleteTx = database.transaction(semantics.delete);
  const incrementTx = database.transaction(semantics.increment);
  const transactTx = database.transaction(semantics.transact);

  const rawStatements = new Map<string, BetterSqlite3.Statement<unknown[], unknown>>();
  const rawStatement = (sql: string) => {
    let prepared = rawStatements.get(sql);
    if (!prepared) {
      prepared = database.prepare<unknown[], unknown>(sql).raw(true);
      rawStatements.set(sql, prepared);
    }
    return prepared;
  };

  return {
    maxTransactionItems: 10_000,

    async get(key) {
      assertItemKey(key);
      return read(key);
    },

    async getMany(keys) {
      for (const key of keys) assertItemKey(key);
      return keys.map(read);
    },

    async put(item, condition) {
      assertItemKey(item);
      return putTx.immediate(item, condition);
    },

    async delete(key, condition) {
      assertItemKey(key);
      return deleteTx.immediate(key, condition);
    },

    async increment(key, counters, incrementOptions = {}) {
      assertItemKey(key);
      return incrementTx.immediate(
        key,
        counters,
        incrementOptions.create,
        incrementOptions.condition,
      );
    },

    async query(queryOptions: QueryOptions): Promise<Page<StoredItem>> {
      const limit = queryLimit(queryOptions);
      const gsi = queryOptions.index === 'gsi1';
      const sortColumn = gsi ? 'gsi1sk' : 'sk';
      const descending = queryOptions.order === 'desc';
      const where = [`${gsi ? 'gsi1pk' : 'pk'} = ?`, '(expires_at IS NULL OR expires_at > ?)'];
      const parameters: unknown[] = [queryOptions.partition, nowSeconds()];
      if (queryOptions.beginsWith !== undefined && queryOptions.beginsWith !== '') {
        where.push(`${sortColumn} >= ?`);
        parameters.push(queryOptions.beginsWith);
        const upper = prefixUpperBound(queryOptions.beginsWith);
        if (upper !== undefined) {
          where.push(`${sortColumn} < ?`);
          parameters.push(upper);
        }
      }
      if (queryOptions.from !== undefined) {
        where.push(`${sortColumn} >= ?`);
        parameters.push(queryOptions.from);
      }
      if (queryOptions.to !== undefined) {
        where.push(`${sortColumn} <= ?`);
        parameters.push(queryOptions.to);
      }
      if (queryOptions.cursor !== undefined) {
        const after = decodeCursor(queryOptions, queryOptions.cursor);
        const comparison = descending ? '<' : '>';
        if (gsi) {
          where.push(`(gsi1sk, pk, sk) ${comparison} (?, ?, ?)`);
          parameters.push(after.gsi1sk ?? '', after.pk, after.sk);
        } else {
          where.push(`sk ${comparison} ?`);
          parameters.push(after.sk);
        }
      }
      const direction = descending ? 'DESC' : 'ASC';
      const orderBy = gsi
        ? `gsi1sk ${direction}, pk ${direction}, sk ${direction}`
        : `sk ${direction}`;
      const sql = `SELECT ${ROW_COLUMNS} FROM ${table} WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ${limit + 1}`;
      // Rows as arrays (better-sqlite3's raw mode): a page is read without an object per row.
      const rows = rawStatement(sql).all(...parameters) as RawRow[];
      const page: StoredItem[] = [];
      for (let index = 0; index < Math.min(rows.length, limit); index += 1) {
        page.push(toItemFromRaw(rows[index] as RawRow));
      }
      const last = page.at(-1);
      return rows.length > limit && last
        ? { items: page, cursor: cursorAfter(queryOptions, last) }
        : { items: page };
    },

    async transact(operations) {
      assertTransaction(operations, this.maxTransactionItems);
      transactTx.immediate(operations);
    },

    async close() {
      if (database.open) database.close();
    },
  };
}
