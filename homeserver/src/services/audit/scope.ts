/**
 * Who is acting, for audit rows written deep inside services: the request's
 * caller, device, client address and endpoint, carried by AsyncLocalStorage
 * from the HTTP layer (http/audit.ts) into every transaction the request
 * opens. Services state what happened; the scope says who asked and from
 * where, so no service signature has to grow an "address" parameter.
 *
 * Read lazily: the session is known only after authentication, which runs
 * inside the scope.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type AuditScope = {
  readonly actor: string | null;
  readonly deviceId: string | null;
  readonly address: string | null;
  readonly endpoint: string | null;
};

const scopes = new AsyncLocalStorage<() => AuditScope>();

export function runInAuditScope<T>(scope: () => AuditScope, fn: () => Promise<T>): Promise<T> {
  return scopes.run(scope, fn);
}

const NOBODY: AuditScope = { actor: null, deviceId: null, address: null, endpoint: null };

/** The current request's scope, or nobody (a CLI tool, a background job). */
export function currentAuditScope(): AuditScope {
  return scopes.getStore()?.() ?? NOBODY;
}
