/**
 * Runs one test body on every database backend (Dendrite's WithAllDatabases):
 * PGlite always, Postgres too when WARD_TEST_DATABASE_URL is set. When
 * WARD_CI is set the Postgres run is required: a missing URL fails loudly
 * instead of silently testing half the matrix.
 *
 * Each test FILE (one process under tap) gets one migrated database per
 * backend, emptied before every subtest:
 *   - PGlite: one in-memory instance. Its start-up runs initdb (seconds), so
 *     the first file to need it saves a dump of a freshly migrated instance
 *     in the OS temp folder; later files load that dump instead.
 *   - Postgres: a schema of its own (search_path set on every pooled
 *     connection), so test files running in parallel never collide.
 *
 * Both are opened with an at-rest cipher under TEST_MASTER_KEYS (the master
 * key startTestHomeserver's testKeys() also hands out), loaded afresh after
 * every reset: each subtest starts with one new active data key.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import tap from "tap";
import { AtRestCipher } from "../../src/crypto/at-rest.js";
import type { KeyEncryptionKeys } from "../../src/crypto/data-keys.js";
import { sodiumReady } from "../../src/crypto/sodium.js";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { migrations } from "../../src/store/migrations/index.js";
import { openPgDatabase } from "../../src/store/pg.js";
import { openPgliteDatabase } from "../../src/store/pglite.js";

export type Tap = Parameters<Parameters<typeof tap.test>[0]>[0];

export const pgTestUrl: string | undefined = process.env.WARD_TEST_DATABASE_URL || undefined;

/** The master key (KEK) of every test database and test homeserver in this process. */
const testMasterKey = { keyId: "k_test", key: new Uint8Array(randomBytes(32)) };
export const TEST_MASTER_KEYS: KeyEncryptionKeys = Object.freeze({ atRest: testMasterKey, atRestKeys: new Map([[testMasterKey.keyId, testMasterKey]]) });

/** A cipher under TEST_MASTER_KEYS, not loaded; no periodic refresh (tests call refresh() when they rotate). */
export function testAtRestCipher(keys: KeyEncryptionKeys = TEST_MASTER_KEYS): AtRestCipher {
  return new AtRestCipher(keys, { refreshMs: 0 });
}

/**
 * Another process's view of the same database: the same rows, its own
 * at-rest cipher (another process's keyring, which may be ahead or behind).
 * Closing it closes only that cipher.
 */
export function withCipher(db: Database, atRest: AtRestCipher): Database {
  return {
    kind: db.kind,
    atRest,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction((tx) => fn({ inTransaction: true, atRest, query: (sql, params) => tx.query(sql, params), exec: (sql) => tx.exec(sql) })),
    close: async () => atRest.close(),
  };
}

function requirePgWhenCi(): void {
  if (process.env.WARD_CI && !pgTestUrl) {
    throw new Error("WARD_CI is set but WARD_TEST_DATABASE_URL is not: CI must run the store suites on Postgres too");
  }
}

/** Runs `body` as one subtest per backend, each on an emptied, migrated database. */
export async function forEachDatabase(t: Tap, name: string, body: (t: Tap, db: Database) => Promise<void>): Promise<void> {
  requirePgWhenCi();
  await t.test(`${name} [pglite]`, async (t) => {
    const db = await sharedPglite();
    await resetDatabase(db);
    await db.atRest.load(db);
    await body(t, db);
  });
  if (pgTestUrl) {
    await t.test(`${name} [pg]`, async (t) => {
      const db = await sharedPg();
      await resetDatabase(db);
      await db.atRest.load(db);
      await body(t, db);
    });
  }
}

/**
 * Empties every table but schema_migrations and re-seeds what migrations
 * seed (stream_head). A migration that seeds another table must be
 * mirrored here. DELETE, children before parents, because TRUNCATE costs
 * hundreds of milliseconds per call on Postgres and tests hold few rows.
 */
export async function resetDatabase(db: Database): Promise<void> {
  const tables = (await db.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY tablename",
  )).map((r) => r.tablename);
  const references = await db.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
     JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  const order: string[] = [];
  const visit = (table: string, path: readonly string[]): void => {
    if (order.includes(table) || path.includes(table)) return;
    for (const ref of references) if (ref.parent === table && ref.child !== table) visit(ref.child, [...path, table]);
    order.push(table);
  };
  for (const table of tables) visit(table, []);
  const deletes = order.filter((table) => tables.includes(table)).map((table) => `DELETE FROM "${table}";`);
  // audit_log is append-only (migration 010): its owner lifts the triggers for the reset only.
  await db.exec(
    `ALTER TABLE audit_log DISABLE TRIGGER USER; ${deletes.join(" ")} ALTER TABLE audit_log ENABLE TRIGGER USER;
     INSERT INTO stream_head (id, position) VALUES (1, 0); INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));`,
  );
}

let pglite: Promise<Database> | undefined;
let pgDb: Promise<Database> | undefined;

function sharedPglite(): Promise<Database> {
  pglite ??= (async () => {
    const db = await openTemplatedPglite();
    tap.teardown(() => db.close());
    return db;
  })();
  return pglite;
}

function sharedPg(): Promise<Database> {
  pgDb ??= (async () => {
    const scratch = await createScratchSchema();
    await sodiumReady();
    const db = await openPgDatabase(scratch.url, { searchPath: scratch.schema, max: 30, atRest: testAtRestCipher() });
    tap.teardown(async () => {
      await db.close();
      await scratch.drop();
    });
    await migrate(db);
    return db;
  })();
  return pgDb;
}

/** A migrated in-memory PGlite, from the cached dump when there is one. */
async function openTemplatedPglite(): Promise<Database> {
  const key = createHash("sha256")
    .update(JSON.stringify(migrations))
    .update(await pgliteVersion())
    .digest("hex")
    .slice(0, 16);
  const file = join(tmpdir(), `ward-test-pglite-${key}.tar`);
  const dump = await readFile(file).catch(() => undefined);
  await sodiumReady();
  if (dump) {
    const db = await openPgliteDatabase("memory://", { loadDataDir: new Blob([dump]), atRest: testAtRestCipher() });
    await migrate(db); // a no-op unless the dump is stale
    return db;
  }
  const db = await openPgliteDatabase("memory://", { atRest: testAtRestCipher() });
  await migrate(db);
  const blob = await db.dumpDataDir();
  // Write then rename: a file running in parallel never reads half a dump.
  const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(partial, new Uint8Array(await blob.arrayBuffer()));
  await rename(partial, file);
  return db;
}

async function pgliteVersion(): Promise<string> {
  // The package does not export ./package.json: find it from the entry point (…/dist/index.js).
  const url = new URL("../package.json", import.meta.resolve("@electric-sql/pglite"));
  const pkg = JSON.parse(await readFile(url, "utf8")) as { version: string };
  return pkg.version;
}

/** A fresh, empty (unmigrated) schema on the test Postgres; `drop` removes it and everything in it. */
export async function createScratchSchema(): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const url = pgTestUrl;
  if (!url) throw new Error("WARD_TEST_DATABASE_URL is not set");
  const schema = `ward_test_${Date.now()}_${process.pid}_${randomBytes(3).toString("hex")}`;
  await adminQuery(url, async (client) => {
    await dropStaleSchemas(client);
    await client.query(`CREATE SCHEMA ${schema}`);
  });
  return {
    url,
    schema,
    drop: () => adminQuery(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).then(() => undefined)),
  };
}

/** Schemas left by test processes that died more than an hour ago. */
async function dropStaleSchemas(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ward\\_test\\_%'");
  const cutoff = Date.now() - 3_600_000;
  for (const { nspname } of rows) {
    const created = Number(/^ward_test_(\d+)_/.exec(nspname)?.[1]);
    if (created < cutoff) await client.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
  }
}

async function adminQuery<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
