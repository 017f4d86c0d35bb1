import type { Actor, Principal } from '@clawforce/core';

/** The audit actor of a signed-in caller. */
export function actorOf(principal: Principal): Actor {
  return { kind: 'employee', id: principal.employeeId };
}

/** Mutation options for core's stores: who is acting. */
export function by(principal: Principal): { actor: Actor } {
  return { actor: actorOf(principal) };
}
