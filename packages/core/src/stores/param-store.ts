import { ClawforceError, isClawforceError } from '../errors.js';
import type { ItemStore, StoredItem } from '../ports/item-store.js';
import {
  assertParamName,
  assertParamPath,
  assertParamValue,
  type Parameter,
  type ParamReadOptions,
  type ParamStore,
} from '../ports/param-store.js';

const PARTITION = 'PARAM';

function toParameter(item: StoredItem, withDecryption: boolean | undefined): Parameter {
  const secure = item.data.secure === true;
  return {
    name: item.sk,
    value: secure && !withDecryption ? undefined : String(item.data.value),
    secure,
    version: item.version,
    updatedAt: String(item.data.updatedAt),
  };
}

/** A ParamStore on an ItemStore (one partition, names as sort keys). */
export function createItemParamStore(options: {
  items: ItemStore;
  now?: () => number;
}): ParamStore {
  const { items } = options;
  const now = options.now ?? Date.now;

  return {
    async get(name, readOptions: ParamReadOptions = {}) {
      const item = await items.get({ pk: PARTITION, sk: assertParamName(name) });
      return item && toParameter(item, readOptions.withDecryption);
    },

    async put(name, value, putOptions = {}) {
      assertParamName(name);
      assertParamValue(value);
      try {
        const item = await items.put(
          {
            pk: PARTITION,
            sk: name,
            data: {
              value,
              secure: putOptions.secure ?? false,
              updatedAt: new Date(now()).toISOString(),
            },
          },
          putOptions.overwrite === false ? { kind: 'absent' } : undefined,
        );
        return toParameter(item, true);
      } catch (error) {
        if (isClawforceError(error, 'conflict')) {
          throw new ClawforceError('already_exists', `parameter ${name} already exists`);
        }
        throw error;
      }
    },

    async delete(name) {
      return (await items.delete({ pk: PARTITION, sk: assertParamName(name) })) !== undefined;
    },

    async getByPath(path, readOptions = {}) {
      const base = assertParamPath(path);
      const prefix = base === '/' ? '/' : `${base}/`;
      const result: Parameter[] = [];
      let cursor: string | undefined;
      do {
        const page = await items.query({
          partition: PARTITION,
          beginsWith: prefix,
          limit: 1_000,
          ...(cursor ? { cursor } : {}),
        });
        for (const item of page.items) {
          if (!readOptions.recursive && item.sk.slice(prefix.length).includes('/')) continue;
          result.push(toParameter(item, readOptions.withDecryption));
        }
        cursor = page.cursor;
      } while (cursor);
      return result;
    },
  };
}
