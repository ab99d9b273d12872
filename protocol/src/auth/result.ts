/**
 * The outcome of an authorization check. Refusals carry a reason written for
 * the humans reading logs and federation error responses, naming the rule.
 */
export type AuthResult = { allowed: true } | { allowed: false; reason: string };

export const ALLOWED: AuthResult = Object.freeze({ allowed: true });

export function refuse(reason: string): AuthResult {
  return { allowed: false, reason };
}
