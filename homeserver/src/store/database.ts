/**
 * The SQL boundary. Both drivers (pg for production, PGlite embedded) speak
 * the same Postgres dialect through this interface, so every table module and
 * every test runs unchanged on either.
 *
 * Row values are normalised by the drivers: int8/bigint → number (positions
 * and timestamps stay below 2**53), bytea → Uint8Array, json/jsonb → parsed
 * value, text → string, NULL → null.
 */

export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Database extends SqlExecutor {
  readonly kind: "pg" | "pglite";
  /** Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws (and rethrows). */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
