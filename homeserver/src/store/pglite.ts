/**
 * The embedded driver: one PGlite (Postgres compiled to WebAssembly) in this
 * process. PGlite is a single connection; its own mutexes make a query
 * issued outside a transaction wait until the running transaction ends, so
 * transactions never interleave. A fresh data folder runs initdb on first
 * open (several seconds); "memory://" keeps everything in memory.
 */
import { PGlite, TransactionAbortedError as PgliteAbortedError, type Transaction as PgliteTransaction } from "@electric-sql/pglite";
import type { AtRestCipher } from "../crypto/at-rest.js";
import { requireCipher, type Database, type SqlRow, type Transaction } from "./database.js";
import { TransactionAbortedError, TransactionMisuseError } from "./errors.js";
import { assertNotInTransaction, runInTransactionScope } from "./transaction-scope.js";
import { OID, parseInt8 } from "./values.js";

export type PgliteDatabaseOptions = {
  /** Start from a dump made by `dumpDataDir` instead of running initdb (tests use a prepared template). */
  loadDataDir?: Blob;
  /** Seals and opens event and account data bodies; closed with the database. */
  atRest?: AtRestCipher;
};

export interface PgliteDatabase extends Database {
  readonly kind: "pglite";
  /** A tarball of the data folder, loadable with `loadDataDir` (test templates, backups of the embedded store). */
  dumpDataDir(): Promise<Blob>;
}

export async function openPgliteDatabase(dataDir: string, options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
  const pglite = await PGlite.create(dataDir, {
    // PGlite already returns bytea as Uint8Array and parses json; int8 it
    // returns as number-or-bigint like parseInt8, set explicitly so a PGlite
    // upgrade cannot change what callers see.
    parsers: { [OID.int8]: parseInt8 },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  return new PgliteDriver(pglite, options.atRest);
}

class PgliteDriver implements PgliteDatabase {
  readonly kind = "pglite" as const;
  constructor(
    private readonly pglite: PGlite,
    private readonly cipher: AtRestCipher | undefined,
  ) {}

  get atRest(): AtRestCipher {
    return requireCipher(this.cipher);
  }

  async dumpDataDir(): Promise<Blob> {
    return await this.pglite.dumpDataDir("none");
  }

  async query<R extends SqlRow = SqlRow>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    assertNotInTransaction(this, "db.query()");
    return (await this.pglite.query<R>(sql, params as unknown[])).rows;
  }

  async exec(sql: string): Promise<void> {
    assertNotInTransaction(this, "db.exec()");
    await this.pglite.exec(sql);
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    assertNotInTransaction(this, "db.transaction()");
    try {
      return await this.pglite.transaction((inner) => runInTransactionScope(this, () => fn(wrap(inner, this.cipher))));
    } catch (err) {
      // Same error as the pg driver when COMMIT turned into ROLLBACK.
      if (err instanceof PgliteAbortedError) throw new TransactionAbortedError();
      throw err;
    }
  }

  async close(): Promise<void> {
    this.cipher?.close();
    await this.pglite.close();
  }
}

function wrap(inner: PgliteTransaction, cipher: AtRestCipher | undefined): Transaction {
  const check = (): void => {
    if (inner.closed) throw new TransactionMisuseError("transaction executor used after the transaction finished");
  };
  return {
    inTransaction: true,
    get atRest() {
      return requireCipher(cipher);
    },
    async query<R extends SqlRow = SqlRow>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
      check();
      return (await inner.query<R>(sql, params as unknown[])).rows;
    },
    async exec(sql: string): Promise<void> {
      check();
      await inner.exec(sql);
    },
  };
}
