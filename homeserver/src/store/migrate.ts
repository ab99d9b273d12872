/**
 * Brings the schema up to date. Each migration runs in its own transaction
 * together with its row in schema_migrations, so a crash leaves either all
 * of a migration or none of it.
 *
 * Several processes may start at once against one Postgres: each step takes
 * a transaction-scoped advisory lock (keyed on the schema, so test schemas
 * side by side do not wait for each other) and re-checks under it whether
 * another process already applied the step.
 */
import type { Database, Transaction } from "./database.js";
import type { Migration } from "./migrations/migration.js";
import { migrations as allMigrations } from "./migrations/index.js";

export type MigrateResult = {
  /** Ids this call applied (empty when the schema was already current). */
  applied: number[];
  /** Ids recorded in the database that this code does not know: a newer release has run. */
  unknown: number[];
};

const LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('ward.migrate:' || current_schema(), 0))";

export async function migrate(db: Database, migrations: readonly Migration[] = allMigrations): Promise<MigrateResult> {
  checkOrder(migrations);
  await db.transaction(async (tx) => {
    await tx.query(LOCK);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY,
      name text NOT NULL,
      applied_ts bigint NOT NULL
    )`);
  });
  const before = await appliedIds(db);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (before.has(migration.id)) continue;
    const ran = await db.transaction(async (tx) => {
      await tx.query(LOCK);
      // Another process may have applied it while we waited for the lock.
      if ((await appliedIds(tx)).has(migration.id)) return false;
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migrations (id, name, applied_ts) VALUES ($1, $2, $3)", [migration.id, migration.name, Date.now()]);
      return true;
    });
    if (ran) applied.push(migration.id);
  }
  const known = new Set(migrations.map((m) => m.id));
  const unknown = [...(await appliedIds(db))].filter((id) => !known.has(id)).sort((a, b) => a - b);
  return { applied, unknown };
}

async function appliedIds(q: Database | Transaction): Promise<Set<number>> {
  const rows = await q.query<{ id: number }>("SELECT id FROM schema_migrations");
  return new Set(rows.map((r) => r.id));
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.id !== i + 1) throw new Error(`migration ${m.name} has id ${m.id}, expected ${i + 1}: ids must run 1, 2, 3… without gaps`);
  });
}
