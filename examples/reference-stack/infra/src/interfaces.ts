/**
 * aws-cdk-lib's classes declare some optional members as `T | undefined` where the interfaces
 * they implement say `T?`; with `exactOptionalPropertyTypes` (on in this repository) a `Bucket` is
 * then not assignable to `IBucket`. This stack uses resources through their interfaces, and this
 * is the one place that converts.
 */
export function asInterface<Interface>(instance: Interface | object): Interface {
  return instance as Interface;
}
