import {
  type Condition,
  conditionHolds,
  type ItemInput,
  type ItemKey,
  isExpired,
  type WriteOperation,
} from '../../../ports/item-store.js';
import {
  ATTRIBUTES,
  COUNTER_PREFIX,
  type DynamoRecord,
  keyOf,
  storedIndexSortKey,
  toStoredItem,
} from './record.js';

/**
 * Collects expression attribute names and values. DynamoDB rejects unused names or values and an
 * empty value map, so placeholders are created only when an expression uses them.
 */
export class ExpressionBuilder {
  readonly #names = new Map<string, string>();
  readonly #values: Record<string, unknown> = {};
  readonly #memo = new Map<string, string>();
  #valueCount = 0;

  name(attribute: string): string {
    let alias = this.#names.get(attribute);
    if (!alias) {
      alias = `#n${this.#names.size}`;
      this.#names.set(attribute, alias);
    }
    return alias;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.#valueCount}`;
    this.#valueCount += 1;
    this.#values[placeholder] = value;
    return placeholder;
  }

  /** One placeholder per `id` (the clock, constants), however often it is used. */
  shared(id: string, value: unknown): string {
    let placeholder = this.#memo.get(id);
    if (!placeholder) {
      placeholder = this.value(value);
      this.#memo.set(id, placeholder);
    }
    return placeholder;
  }

  parameters(): {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  } {
    const names = Object.fromEntries(
      [...this.#names].map(([attribute, alias]) => [alias, attribute]),
    );
    return {
      ...(this.#names.size > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(this.#valueCount > 0 ? { ExpressionAttributeValues: { ...this.#values } } : {}),
    };
  }
}

/**
 * What a write assumes about the stored item, checked by DynamoDB together with the caller's
 * condition: `live-or-absent` (no expired item in the way), `live` (it exists, unexpired) or
 * `absent` (no item at all). A write that finds an expired item clears it and tries again, so an
 * expired item never leaks its version or counters into a new one.
 */
export type Assumption = 'live-or-absent' | 'live' | 'absent';

function notExpired(builder: ExpressionBuilder, nowSeconds: number): string {
  const expiresAt = builder.name(ATTRIBUTES.expiresAt);
  return `(attribute_not_exists(${expiresAt}) OR ${expiresAt} > ${builder.shared('now', nowSeconds)})`;
}

/** The caller's condition with expired items counting as absent. */
export function conditionExpression(
  builder: ExpressionBuilder,
  condition: Condition,
  nowSeconds: number,
): string {
  switch (condition.kind) {
    case 'absent': {
      const pk = builder.name(ATTRIBUTES.pk);
      const expiresAt = builder.name(ATTRIBUTES.expiresAt);
      return `(attribute_not_exists(${pk}) OR ${expiresAt} <= ${builder.shared('now', nowSeconds)})`;
    }
    case 'present':
      return `(attribute_exists(${builder.name(ATTRIBUTES.pk)}) AND ${notExpired(builder, nowSeconds)})`;
    case 'version':
      return `(${builder.name(ATTRIBUTES.version)} = ${builder.value(condition.version)} AND ${notExpired(builder, nowSeconds)})`;
  }
}

export function assumptionExpression(
  builder: ExpressionBuilder,
  assumption: Assumption,
  nowSeconds: number,
): string {
  const pk = builder.name(ATTRIBUTES.pk);
  switch (assumption) {
    case 'live-or-absent':
      return `(attribute_not_exists(${pk}) OR ${notExpired(builder, nowSeconds)})`;
    case 'live':
      return `(attribute_exists(${pk}) AND ${notExpired(builder, nowSeconds)})`;
    case 'absent':
      return `attribute_not_exists(${pk})`;
  }
}

/** One entry of TransactWriteItems (document-client shape); single writes reuse it. */
export type CompiledWrite =
  | { readonly Update: UpdateParameters }
  | { readonly Delete: DeleteParameters }
  | { readonly ConditionCheck: ConditionCheckParameters };

interface Common {
  readonly TableName: string;
  readonly Key: Record<string, string>;
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
  readonly ReturnValuesOnConditionCheckFailure: 'ALL_OLD';
}
export interface UpdateParameters extends Common {
  readonly UpdateExpression: string;
}
export type DeleteParameters = Common;
export interface ConditionCheckParameters extends Common {
  readonly ConditionExpression: string;
}

/** The assumption a write starts with. */
export function initialAssumption(operation: WriteOperation): Assumption | undefined {
  switch (operation.type) {
    case 'put':
      return 'live-or-absent';
    case 'increment':
      return needsCreateVariants(operation) ? 'live' : 'live-or-absent';
    default:
      return undefined;
  }
}

/**
 * An increment whose `create` sets index keys or an expiry cannot be one expression: SET
 * if_not_exists would add those to an existing item that lacks them. It then runs as "update the
 * live item" or "create the absent item", whichever the table state calls for.
 */
function needsCreateVariants(operation: Extract<WriteOperation, { type: 'increment' }>): boolean {
  const create = operation.create;
  return (
    create !== undefined &&
    (create.gsi1pk !== undefined || create.gsi1sk !== undefined || create.expiresAt !== undefined)
  );
}

function keyPartsOf(operation: WriteOperation): ItemKey {
  return operation.type === 'put' ? operation.item : operation.key;
}

function combine(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((part): part is string => part !== undefined);
  return present.length === 0 ? undefined : present.join(' AND ');
}

/** SET and REMOVE clauses for the index keys and expiry of an item being written whole. */
function attributeClauses(
  builder: ExpressionBuilder,
  key: ItemKey,
  input: Omit<ItemInput, 'pk' | 'sk'>,
): { set: string[]; remove: string[] } {
  const set: string[] = [];
  const remove: string[] = [];
  const assign = (attribute: string, value: unknown) => {
    if (value === undefined) remove.push(builder.name(attribute));
    else set.push(`${builder.name(attribute)} = ${builder.value(value)}`);
  };
  assign(ATTRIBUTES.gsi1pk, input.gsi1pk);
  assign(
    ATTRIBUTES.gsi1sk,
    input.gsi1sk === undefined ? undefined : storedIndexSortKey(input.gsi1sk, key.pk, key.sk),
  );
  assign(ATTRIBUTES.expiresAt, input.expiresAt);
  return { set, remove };
}

function updateExpression(set: string[], add: string[], remove: string[]): string {
  return [
    set.length > 0 ? `SET ${set.join(', ')}` : '',
    add.length > 0 ? `ADD ${add.join(', ')}` : '',
    remove.length > 0 ? `REMOVE ${remove.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Compiles one port operation into a DynamoDB write under the given assumption. */
export function compileWrite(
  tableName: string,
  operation: WriteOperation,
  assumption: Assumption | undefined,
  nowSeconds: number,
): CompiledWrite {
  const builder = new ExpressionBuilder();
  const key = keyPartsOf(operation);
  const userCondition =
    operation.condition && conditionExpression(builder, operation.condition, nowSeconds);
  // Deletes and checks need no assumption: removing an expired item is what TTL does anyway.
  const guarded = operation.type === 'put' || operation.type === 'increment';
  const guard =
    guarded && assumption ? assumptionExpression(builder, assumption, nowSeconds) : undefined;
  const base = {
    TableName: tableName,
    Key: keyOf(key),
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };

  if (operation.type === 'delete' || operation.type === 'check') {
    const condition = userCondition ?? '';
    const parameters = { ...base, ...builder.parameters() };
    if (operation.type === 'check') {
      return { ConditionCheck: { ...parameters, ConditionExpression: condition } };
    }
    return {
      Delete: condition ? { ...parameters, ConditionExpression: condition } : parameters,
    };
  }

  // Names and values are registered only where an expression uses them (DynamoDB rejects extras).
  const version = () => builder.name(ATTRIBUTES.version);
  const data = () => builder.name(ATTRIBUTES.data);
  const one = () => builder.shared('one', 1);
  let set: string[];
  let add: string[] = [];
  let remove: string[] = [];

  if (operation.type === 'put') {
    const clauses = attributeClauses(builder, key, operation.item);
    set = [
      `${data()} = ${builder.value(operation.item.data)}`,
      `${version()} = if_not_exists(${version()}, ${builder.shared('zero', 0)}) + ${one()}`,
      ...clauses.set,
    ];
    remove = clauses.remove;
  } else {
    const counters = Object.entries(operation.counters);
    const create = operation.create ?? { data: {} };
    if (assumption === 'absent') {
      const clauses = attributeClauses(builder, key, create);
      set = [
        `${data()} = ${builder.value(create.data)}`,
        `${version()} = ${one()}`,
        ...clauses.set,
        ...counters.map(
          ([name, amount]) => `${builder.name(COUNTER_PREFIX + name)} = ${builder.value(amount)}`,
        ),
      ];
      remove = clauses.remove;
    } else {
      set =
        assumption === 'live'
          ? [`${version()} = ${version()} + ${one()}`]
          : [
              `${data()} = if_not_exists(${data()}, ${builder.value(create.data)})`,
              `${version()} = if_not_exists(${version()}, ${builder.shared('zero', 0)}) + ${one()}`,
            ];
      add = counters.map(
        ([name, amount]) => `${builder.name(COUNTER_PREFIX + name)} ${builder.value(amount)}`,
      );
    }
  }

  const condition = combine(userCondition, guard);
  return {
    Update: {
      ...base,
      UpdateExpression: updateExpression(set, add, remove),
      ...(condition ? { ConditionExpression: condition } : {}),
      ...builder.parameters(),
    },
  };
}

/** Result of looking at the stored item after a write's condition failed. */
export type Verdict =
  | { readonly kind: 'condition_failed' }
  /** An expired item is in the way: clear it, then retry (with `assumption` when given). */
  | { readonly kind: 'expired'; readonly stored: DynamoRecord; readonly assumption?: Assumption }
  /** The item exists or not contrary to the assumption: retry with the other variant. */
  | { readonly kind: 'switch'; readonly assumption: Assumption }
  /** The item changed between the write and the look: retry as is. */
  | { readonly kind: 'retry' };

/**
 * Decides why a write's condition failed, from the stored record DynamoDB returned (or a fresh
 * read): the caller's condition, an expired item in the way, or a wrong guess about existence.
 */
export function classifyFailure(
  operation: WriteOperation,
  assumption: Assumption | undefined,
  stored: DynamoRecord | undefined,
  nowSeconds: number,
): Verdict {
  const item = stored && toStoredItem(stored);
  const expired = item !== undefined && isExpired(item, nowSeconds);
  const live = expired ? undefined : item;
  if (operation.condition && !conditionHolds(live, operation.condition)) {
    return { kind: 'condition_failed' };
  }
  if (expired && stored && assumption !== undefined) {
    return assumption === 'live'
      ? { kind: 'expired', stored, assumption: 'absent' }
      : { kind: 'expired', stored };
  }
  if (assumption === 'live' && !live) return { kind: 'switch', assumption: 'absent' };
  if (assumption === 'absent' && live) return { kind: 'switch', assumption: 'live' };
  return { kind: 'retry' };
}

/** Deletes an expired item, as DynamoDB TTL eventually would, unless it changed meanwhile. */
export function compileExpiredDelete(
  tableName: string,
  stored: DynamoRecord,
  nowSeconds: number,
): DeleteParameters & { ConditionExpression: string } {
  const builder = new ExpressionBuilder();
  const version = builder.name(ATTRIBUTES.version);
  const expiresAt = builder.name(ATTRIBUTES.expiresAt);
  const condition = `${version} = ${builder.value(stored[ATTRIBUTES.version])} AND ${expiresAt} <= ${builder.value(nowSeconds)}`;
  return {
    TableName: tableName,
    Key: keyOf({ pk: String(stored[ATTRIBUTES.pk]), sk: String(stored[ATTRIBUTES.sk]) }),
    ConditionExpression: condition,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    ...builder.parameters(),
  };
}
