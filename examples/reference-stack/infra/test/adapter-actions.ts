import { readFileSync } from 'node:fs';

/**
 * The IAM actions the DynamoDB ItemStore adapter of `@clawforce/core/aws` can need, read from its
 * source: a new command there makes the tests that use this ask for its mapping.
 */

/** The lib-dynamodb commands a source file imports (`GetCommand`, …), without `Command`. */
function importedCommands(relativePath: string, from: string): string[] {
  const source = readFileSync(new URL(relativePath, import.meta.url), 'utf8');
  const block = new RegExp(`import\\s*{([^}]*)}\\s*from\\s*'${from}'`).exec(source)?.[1] ?? '';
  return [...block.matchAll(/\b(\w+)Command\b/g)].map((match) => match[1] as string);
}

/** The IAM actions DynamoDB authorizes for each document-client command. */
const DYNAMODB_ACTIONS: Record<string, readonly string[]> = {
  Get: ['dynamodb:GetItem'],
  BatchGet: ['dynamodb:BatchGetItem'],
  Query: ['dynamodb:Query'],
  Put: ['dynamodb:PutItem'],
  Update: ['dynamodb:UpdateItem'],
  Delete: ['dynamodb:DeleteItem'],
  // No action of its own: each item is authorized as the operation it is (see below).
  TransactWrite: [],
};
const TRANSACTION_ITEM_ACTIONS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

export function adapterActions(): Set<string> {
  const commands = importedCommands(
    '../../../../packages/core/src/aws/dynamodb/item-store.ts',
    '@aws-sdk/lib-dynamodb',
  ).filter((name) => name !== 'DynamoDBDocumentClient' && name !== 'DynamoDBDocument');
  if (!commands.includes('TransactWrite')) throw new Error('the adapter source was not read');
  const expressions = readFileSync(
    new URL('../../../../packages/core/src/aws/dynamodb/internal/expressions.ts', import.meta.url),
    'utf8',
  );
  const transactionItems = [
    ...(/export type CompiledWrite\s*=([^;]*);/.exec(expressions)?.[1] ?? '').matchAll(
      /readonly (\w+):/g,
    ),
  ].map((match) => match[1] as string);
  if (transactionItems.length === 0) throw new Error('no transaction item kinds found');
  const actions = new Set<string>();
  for (const command of commands) {
    const mapped = DYNAMODB_ACTIONS[command];
    if (!mapped) throw new Error(`map the adapter's new ${command}Command to its IAM actions`);
    for (const action of mapped) actions.add(action);
  }
  for (const item of transactionItems) {
    const action = TRANSACTION_ITEM_ACTIONS[item];
    if (!action) throw new Error(`map the transaction item ${item} to its IAM action`);
    actions.add(action);
  }
  return actions;
}
