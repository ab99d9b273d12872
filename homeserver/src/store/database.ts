/**
 * The SQL boundary. Both drivers (pg for production, PGlite embedded) speak
 * the same Postgres dialect through this interface, so every table module and
 * every test runs unchanged on either.
 *
 * Row values are normalised by the drivers: int8/bigint → number (positions
 * and timestamps stay below 2**53; a larger value arrives as a bigint rather
 * than silently losing precision), bytea → Uint8Array, json/jsonb → parsed
 * value, numeric → string, text → string, NULL → null.
 *
 * Isolation: on pg, transactions run concurrently at READ COMMITTED; on
 * PGlite (one connection) they run one at a time, and a query outside a
 * transaction waits for the running transaction to finish. Code written for
 * the pg semantics (row locks, advisory locks) is therefore correct on both.
 * Consequence for PGlite: never await slow non-database work (network,
 * password hashing) inside a transaction — it stalls every other caller.
 */

import type { AtRestCipher } from "../crypto/at-rest.js";

export type SqlRow = Record<string, unknown>;

export type QueryOptions = {
  /**
   * Keep the statement prepared on each connection (pg), so Postgres parses
   * it once and can reuse its plan. For hot statements with a FIXED text
   * whose planning costs more than running them: /sync's room query was
   * measured planning in 0.7 ms and running in 0.04 ms. Never for text
   * built per call (each distinct text would stay prepared on every
   * connection). PGlite ignores it.
   */
  prepare?: boolean;
};

export interface SqlExecutor {
  /**
   * The at-rest cipher the database was opened with, for the few readers
   * and writers of sealed columns (stored-events.ts, account-data.ts).
   * Throws when the database was opened without one (migrations, tools).
   */
  readonly atRest: AtRestCipher;
  /** One statement with `$1..$n` parameters. */
  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<R[]>;
  /** One or more statements without parameters (migrations, test resets). */
  exec(sql: string): Promise<void>;
}

/**
 * The executor handed to a transaction callback. The brand lets functions
 * that are only correct inside a transaction (advisory locks, stream
 * positions) demand one at compile time.
 */
export interface Transaction extends SqlExecutor {
  readonly inTransaction: true;
}

export interface Database extends SqlExecutor {
  readonly kind: "pg" | "pglite";
  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it
   * throws (and rethrows). Both drivers throw `TransactionAbortedError` when
   * `fn` swallowed a failed statement and COMMIT therefore rolled back.
   * Calling `db.query`/`db.transaction` from inside `fn` throws (it would
   * deadlock on PGlite and escape the transaction on pg): use `tx`.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The drivers' `atRest`: the cipher they were opened with, or a clear error. */
export function requireCipher(cipher: AtRestCipher | undefined): AtRestCipher {
  if (!cipher) throw new Error("this database was opened without an at-rest cipher: it cannot read or write sealed data");
  return cipher;
}
