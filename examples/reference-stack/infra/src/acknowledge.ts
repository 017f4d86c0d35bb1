import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag (AwsSolutions) findings this stack accepts, each with its reason, recorded where the
 * resource is defined. cdk-nag 3 matches acknowledgments by exact finding id, so wildcard findings
 * are rendered the way cdk-nag renders them (its own `flattenCfnReference`).
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${rule}`, reason });
}

/** Accepts `AwsSolutions-IAM5` for one wildcard resource (a token or a string) of `scope`'s policies. */
export function acknowledgeWildcardResource(
  scope: IConstruct,
  resource: string,
  reason: string,
): void {
  const flattened = flattenCfnReference(Stack.of(scope).resolve(resource));
  acknowledge(scope, `IAM5[Resource::${flattened}]`, reason);
}

export function acknowledgeWildcardAction(scope: IConstruct, action: string, reason: string): void {
  acknowledge(scope, `IAM5[Action::${action}]`, reason);
}
