/**
 * The production driver: node-postgres with a connection pool. Each
 * transaction owns one pooled client from BEGIN to COMMIT/ROLLBACK; queries
 * outside a transaction take any free client.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import type { AtRestCipher } from "../crypto/at-rest.js";
import { requireCipher, type Database, type QueryOptions, type SqlRow, type Transaction } from "./database.js";
import { TransactionAbortedError, TransactionMisuseError } from "./errors.js";
import { assertNotInTransaction, runInTransactionScope } from "./transaction-scope.js";
import { OID, parseByteaHex, parseInt8 } from "./values.js";

export type PgDatabaseOptions = {
  /** Pool size (default 10). */
  max?: number;
  /** Schema for unqualified names, set per connection (tests use one schema per file). */
  searchPath?: string;
  /** An idle pooled connection failed (e.g. the server restarted); the pool replaces it. */
  onIdleError?: (err: Error) => void;
  /** Seals and opens event and account data bodies; closed with the database. */
  atRest?: AtRestCipher;
};

// Per-pool parsers: pg's global `types.setTypeParser` would leak into any other pg user in the process.
const defaultParser = pg.types.getTypeParser as (oid: number, format?: "text" | "binary") => (value: string) => unknown;
const parseInt8Array = defaultParser(OID.int8Array, "text") as (value: string) => (string | null)[];

function getTypeParser(oid: number, format?: "text" | "binary"): (value: string) => unknown {
  if (oid === OID.int8) return parseInt8;
  if (oid === OID.bytea) return parseByteaHex;
  if (oid === OID.int8Array) return (value) => parseInt8Array(value).map((item) => (item === null ? null : parseInt8(item)));
  return defaultParser(oid, format);
}

const types = { getTypeParser } as pg.CustomTypesConfig;

export async function openPgDatabase(url: string, options: PgDatabaseOptions = {}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    ...(options.searchPath !== undefined ? { options: `-c search_path=${quoteIdentForOption(options.searchPath)}` } : {}),
  });
  pool.on("error", (err) => options.onIdleError?.(err));
  // Fail at start-up, not at the first request, when the database is unreachable.
  const probe = await pool.connect();
  probe.release();
  return new PgDatabase(pool, options.atRest);
}

const statementNames = new Map<string, string>();

/** pg names a prepared statement per connection; the name is derived from the text, so one text is one statement. */
function queryConfig(sql: string, params: readonly unknown[], options: QueryOptions | undefined): pg.QueryConfig {
  if (!options?.prepare) return { text: sql, values: params as unknown[] };
  let name = statementNames.get(sql);
  if (name === undefined) statementNames.set(sql, (name = `ward_${createHash("sha256").update(sql).digest("hex").slice(0, 24)}`));
  return { name, text: sql, values: params as unknown[] };
}

class PgDatabase implements Database {
  readonly kind = "pg" as const;
  constructor(
    private readonly pool: pg.Pool,
    private readonly cipher: AtRestCipher | undefined,
  ) {}

  get atRest(): AtRestCipher {
    return requireCipher(this.cipher);
  }

  async query<R extends SqlRow = SqlRow>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<R[]> {
    assertNotInTransaction(this, "db.query()");
    const result = await this.pool.query<R>(queryConfig(sql, params, options));
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    assertNotInTransaction(this, "db.exec()");
    await this.pool.query(sql); // no parameters: the simple protocol, which allows several statements
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    assertNotInTransaction(this, "db.transaction()");
    const client = await this.pool.connect();
    let closed = false;
    let broken: Error | undefined;
    // A checked-out client has no error listener of the pool's: without this
    // one, a connection dying mid-transaction (server restart, terminated
    // backend) would be an uncaught exception that ends the process. The
    // failing query rejects anyway; the client is then destroyed at release.
    const onError = (err: Error): void => {
      broken ??= err;
    };
    client.on("error", onError);
    const check = (): void => {
      // After release the client belongs to someone else: a late query would run in their session.
      if (closed) throw new TransactionMisuseError("transaction executor used after the transaction finished");
    };
    const cipher = this.cipher;
    const tx: Transaction = {
      inTransaction: true,
      get atRest() {
        return requireCipher(cipher);
      },
      async query<R extends SqlRow = SqlRow>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<R[]> {
        check();
        return (await client.query<R>(queryConfig(sql, params, options))).rows;
      },
      async exec(sql: string): Promise<void> {
        check();
        await client.query(sql);
      },
    };
    try {
      await client.query("BEGIN");
      const result = await runInTransactionScope(this, () => fn(tx));
      const commit = await client.query("COMMIT");
      // Postgres answers COMMIT of an aborted transaction with ROLLBACK, not an error.
      if (commit.command === "ROLLBACK") throw new TransactionAbortedError();
      return result;
    } catch (err) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackErr) {
        broken = rollbackErr as Error; // the connection is unusable: destroy it rather than pool it
      }
      throw err;
    } finally {
      closed = true;
      client.off("error", onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    this.cipher?.close();
    await this.pool.end();
  }
}

/** Escapes a schema name for the libpq `options` string (spaces and backslashes are special there). */
function quoteIdentForOption(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error("searchPath must be a lower-case SQL identifier");
  return name;
}
