// Shared assertion for identifier tests: the call must throw InvalidIdentifierError with this exact kind and reason.
import type { Test } from "tap";
import { InvalidIdentifierError, type IdentifierKind, type IdentifierProblem } from "../../src/ids/errors.js";

export function expectInvalid(t: Test, fn: () => unknown, kind: IdentifierKind, reason: IdentifierProblem, label: string): InvalidIdentifierError | undefined {
  try {
    fn();
  } catch (error) {
    t.ok(error instanceof InvalidIdentifierError, `${label}: throws InvalidIdentifierError`);
    if (!(error instanceof InvalidIdentifierError)) return undefined;
    t.equal(error.kind, kind, `${label}: kind`);
    t.equal(error.reason, reason, `${label}: reason`);
    return error;
  }
  t.fail(`${label}: did not throw`);
  return undefined;
}
