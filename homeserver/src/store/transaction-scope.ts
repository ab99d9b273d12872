/**
 * Detects use of the database handle from inside a transaction callback.
 * On PGlite (one connection) such a query waits for the transaction that is
 * waiting for it: a silent deadlock. On pg it runs on another connection,
 * outside the transaction: a silent correctness bug. Both drivers throw
 * instead, so the mistake surfaces the same way in tests on either.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { TransactionMisuseError } from "./errors.js";

type Scope = { owner: object; active: boolean };

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `fn` marked as inside a transaction of `owner` (the Database). */
export async function runInTransactionScope<T>(owner: object, fn: () => Promise<T>): Promise<T> {
  const scope: Scope = { owner, active: true };
  try {
    return await scopes.run(scope, fn);
  } finally {
    // Timers or promises started in the callback keep the context; after the
    // transaction ends they are free to use the database again.
    scope.active = false;
  }
}

export function assertNotInTransaction(owner: object, what: string): void {
  const scope = scopes.getStore();
  if (scope?.active && scope.owner === owner) {
    throw new TransactionMisuseError(`${what} called inside a transaction callback: use the transaction's executor`);
  }
}
