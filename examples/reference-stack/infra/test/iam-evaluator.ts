import type { Template } from 'aws-cdk-lib/assertions';

/**
 * A small IAM evaluator over a synthesized template, for turning isolation claims into tests:
 * "may this role do this action on this resource, for this session tag?". It handles what this
 * stack's policies use (Allow statements, `*`/`?` globs, `${aws:PrincipalTag/…}`, the condition
 * operators below, trust policies' AWS and Service principals) and throws on anything else, so a
 * new construct cannot pass unnoticed.
 */
type Json = Record<string, unknown>;

export interface RequestContext {
  readonly principalTags?: Readonly<Record<string, string>>;
  /** Condition keys of the request, such as `s3:prefix` or `dynamodb:LeadingKeys`. */
  readonly keys?: Readonly<Record<string, string | readonly string[]>>;
}

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';

/** A fake but well-formed ARN for each resource the policies reference. */
function arnOf(template: Json, logicalId: string, attribute: string): string {
  const resources = template.Resources as Record<string, { Type: string; Properties?: Json }>;
  const resource = resources[logicalId];
  if (!resource) throw new Error(`unknown resource ${logicalId}`);
  switch (resource.Type) {
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${logicalId.toLowerCase()}`;
    case 'AWS::DynamoDB::GlobalTable':
      return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${logicalId}`;
    case 'AWS::IAM::Role':
      return `arn:aws:iam::${ACCOUNT}:role/${logicalId}`;
    case 'AWS::KMS::Key':
      return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${logicalId}`;
    case 'AWS::ECR::Repository':
      return `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${logicalId}`;
    case 'AWS::Bedrock::Guardrail':
      return `arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/${logicalId}`;
    case 'AWS::BedrockAgentCore::Runtime':
      return `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:runtime/${logicalId}`;
    case 'AWS::SecretsManager::Secret':
      return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${logicalId}`;
    case 'AWS::Logs::LogGroup':
      return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${logicalId}:*`;
    default:
      return `arn:aws:unknown:${REGION}:${ACCOUNT}:${logicalId}/${attribute}`;
  }
}

/** Resolves CloudFormation intrinsics to plain strings. */
export function resolve(template: Json, value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const node = value as Json;
    if ('Ref' in node) {
      const ref = String(node.Ref);
      if (ref === 'AWS::Partition') return 'aws';
      if (ref === 'AWS::AccountId') return ACCOUNT;
      if (ref === 'AWS::Region') return REGION;
      if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
      return arnOf(template, ref, 'Ref');
    }
    if ('Fn::GetAtt' in node) {
      const [logicalId, attribute] = node['Fn::GetAtt'] as [string, string];
      return arnOf(template, logicalId, attribute);
    }
    if ('Fn::Join' in node) {
      const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => resolve(template, part)).join(delimiter);
    }
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** IAM globbing: `*` any run, `?` one character, case-sensitive (resources) or not (actions). */
function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((character) =>
      character === '*'
        ? '.*'
        : character === '?'
          ? '.'
          : character.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** Replaces policy variables; a variable with no value makes the element unmatchable. */
function substitute(text: string, context: RequestContext): string | undefined {
  let missing = false;
  const result = text.replace(/\$\{aws:PrincipalTag\/([^}]+)\}/g, (_, tag: string) => {
    const found = context.principalTags?.[tag];
    if (found === undefined) missing = true;
    return found ?? '';
  });
  return missing ? undefined : result;
}

function conditionHolds(operator: string, block: Json, context: RequestContext): boolean {
  return Object.entries(block).every(([key, expected]) => {
    const patterns = asArray(expected as string | string[])
      .map((pattern) => substitute(String(pattern), context))
      .filter((pattern): pattern is string => pattern !== undefined);
    // The session's tags are condition keys of every request it makes.
    const principalTag = /^aws:PrincipalTag\/(.+)$/.exec(key)?.[1];
    const actual =
      context.keys?.[key] ??
      (principalTag === undefined ? undefined : context.principalTags?.[principalTag]);
    const values = asArray(actual as string | string[] | undefined);
    // A multivalued key with no value (a request naming no partition) is absent, as in IAM.
    const present = values.length > 0;
    switch (operator) {
      case 'StringEquals':
        return values.length > 0 && values.every((value) => patterns.includes(value));
      case 'StringLike':
        return (
          values.length > 0 &&
          values.every((value) => patterns.some((pattern) => globMatches(pattern, value)))
        );
      case 'StringLikeIfExists':
        return (
          actual === undefined ||
          values.every((value) => patterns.some((pattern) => globMatches(pattern, value)))
        );
      case 'ForAllValues:StringEquals':
        return values.every((value) => patterns.includes(value));
      case 'ForAllValues:StringLike':
        return values.every((value) => patterns.some((pattern) => globMatches(pattern, value)));
      case 'StringNotLike':
        // True when the key is absent, as IAM's negated operators are.
        return values.every((value) => !patterns.some((pattern) => globMatches(pattern, value)));
      case 'Null':
        return (String(expected) === 'true') === !present;
      default:
        throw new Error(`the evaluator does not know the condition operator ${operator}`);
    }
  });
}

export interface Statement {
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Json>;
  readonly Principal?: unknown;
}

/** Statements by role, per template (a synthesized template does not change). */
const statementsCache = new WeakMap<Template, Map<string, Statement[]>>();

/** Every statement of the identity policies attached to a role (inline and AWS::IAM::Policy). */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  let byRole = statementsCache.get(template);
  if (!byRole) {
    byRole = new Map();
    statementsCache.set(template, byRole);
  }
  let statements = byRole.get(roleLogicalId);
  if (!statements) {
    statements = collectRoleStatements(template, roleLogicalId);
    byRole.set(roleLogicalId, statements);
  }
  return statements;
}

function collectRoleStatements(template: Template, roleLogicalId: string): Statement[] {
  const json = template.toJSON() as Json;
  const statements: Statement[] = [];
  const policies = template.findResources('AWS::IAM::Policy');
  for (const policy of Object.values(policies)) {
    const roles = asArray(policy.Properties.Roles as unknown[]).map(
      (role) => (role as { Ref?: string }).Ref,
    );
    if (roles.includes(roleLogicalId))
      statements.push(...(policy.Properties.PolicyDocument.Statement as Statement[]));
  }
  const role = (json.Resources as Record<string, { Properties: Json }>)[roleLogicalId];
  for (const inline of asArray(
    role?.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[],
  )) {
    statements.push(...inline.PolicyDocument.Statement);
  }
  return statements;
}

/** True when some Allow statement grants `action` on `resource` in `context` (nothing here denies). */
export function allows(
  template: Template,
  statements: readonly Statement[],
  action: string,
  resource: string,
  context: RequestContext = {},
): boolean {
  const json = template.toJSON() as Json;
  return statements.some((statement) => {
    if (statement.Effect !== 'Allow') return false;
    if (!asArray(statement.Action).some((pattern) => globMatches(pattern, action, true)))
      return false;
    const resources = asArray(statement.Resource).map((value) => resolve(json, value));
    const resourceMatches = resources.some((pattern) => {
      const concrete = substitute(pattern, context);
      return concrete !== undefined && globMatches(concrete, resource);
    });
    if (!resourceMatches) return false;
    return Object.entries(statement.Condition ?? {}).every(([operator, block]) =>
      conditionHolds(operator, block, context),
    );
  });
}

/** The statements of a role's trust policy (`AssumeRolePolicyDocument`). */
export function trustStatements(template: Template, roleLogicalId: string): Statement[] {
  const json = template.toJSON() as Json;
  const role = (json.Resources as Record<string, { Type: string; Properties: Json }>)[
    roleLogicalId
  ];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleLogicalId} is not a role`);
  const document = role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] };
  return document.Statement;
}

/** Whether a statement's Principal names `principal`: a role ARN, or a service (`ecs-tasks.amazonaws.com`). */
function principalMatches(json: Json, statementPrincipal: unknown, principal: string): boolean {
  if (!statementPrincipal || typeof statementPrincipal !== 'object') {
    throw new Error(
      `the evaluator does not know the principal ${JSON.stringify(statementPrincipal)}`,
    );
  }
  return Object.entries(statementPrincipal as Json).some(([kind, value]) => {
    const named = asArray(value as unknown[]).map((entry) => resolve(json, entry));
    switch (kind) {
      case 'AWS':
        // The account (root) delegates to identity policies: it names every principal in it.
        return named.some(
          (arn) => arn === principal || arn === '*' || arn === `arn:aws:iam::${ACCOUNT}:root`,
        );
      case 'Service':
        return named.includes(principal);
      default:
        throw new Error(`the evaluator does not know the principal kind ${kind}`);
    }
  });
}

/**
 * True when `roleLogicalId`'s trust policy lets `principal` do `action` (`sts:AssumeRole`,
 * `sts:TagSession`) in `context` (`aws:RequestTag/…`, `aws:TagKeys` as keys). Only the trust side:
 * the caller's own identity policy is a separate question ({@link allows}).
 */
export function trusts(
  template: Template,
  roleLogicalId: string,
  principal: string,
  action: string,
  context: RequestContext = {},
): boolean {
  const json = template.toJSON() as Json;
  return trustStatements(template, roleLogicalId).some((statement) => {
    if (statement.Effect !== 'Allow') return false;
    if (!asArray(statement.Action).some((pattern) => globMatches(pattern, action, true)))
      return false;
    if (!principalMatches(json, statement.Principal, principal)) return false;
    return Object.entries(statement.Condition ?? {}).every(([operator, block]) =>
      conditionHolds(operator, block, context),
    );
  });
}
