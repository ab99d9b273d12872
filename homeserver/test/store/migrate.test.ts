import t from "tap";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { migrations } from "../../src/store/migrations/index.js";
import type { Migration } from "../../src/store/migrations/migration.js";
import { openPgDatabase } from "../../src/store/pg.js";
import { createScratchSchema, forEachDatabase, pgTestUrl } from "../helpers/databases.js";

const extra = (id: number, sql: string): Migration => ({ id, name: `test_${id}`, sql });

await forEachDatabase(t, "migrating a current schema changes nothing", async (t, db) => {
  t.strictSame(await migrate(db), { applied: [], unknown: [] });
  t.strictSame(await migrate(db), { applied: [], unknown: [] });
  const rows = await db.query<{ id: number; name: string }>("SELECT id, name FROM schema_migrations ORDER BY id");
  t.strictSame(rows, migrations.map((m) => ({ id: m.id, name: m.name })));
  t.strictSame(await db.query("SELECT id, position FROM stream_head"), [{ id: 1, position: 0 }], "seed row present once");
});

await forEachDatabase(t, "pending migrations apply in order; a failing one leaves nothing", async (t, db) => {
  const n = migrations.length;
  const next = [...migrations, extra(n + 1, "CREATE TABLE mig_a (x int); INSERT INTO mig_a VALUES (1);")];
  const broken = [...next, extra(n + 2, "CREATE TABLE mig_b (x int); INSERT INTO mig_b VALUES ('not a number');")];
  try {
    t.strictSame(await migrate(db, next), { applied: [n + 1], unknown: [] });
    await t.rejects(migrate(db, broken), /invalid input syntax/);
    t.strictSame(await db.query("SELECT to_regclass('mig_b') AS t"), [{ t: null }], "the failed step's table is gone");
    t.strictSame(await db.query("SELECT max(id) AS id FROM schema_migrations"), [{ id: n + 1 }]);
    t.strictSame(await migrate(db), { applied: [], unknown: [n + 1] }, "older code sees the newer step as unknown");
  } finally {
    await db.exec(`DROP TABLE IF EXISTS mig_a; DROP TABLE IF EXISTS mig_b; DELETE FROM schema_migrations WHERE id > ${n};`);
  }
});

t.test("migration ids must run 1, 2, 3 without gaps", async (t) => {
  const fake = {} as Database; // checked before any query
  await t.rejects(migrate(fake, [extra(1, ""), extra(3, "")]), /expected 2/);
  await t.rejects(migrate(fake, [extra(2, "")]), /expected 1/);
});

await forEachDatabase(t, "concurrent migrate calls on one handle apply each step once", async (t, db) => {
  const n = migrations.length;
  const next = [...migrations, extra(n + 1, "CREATE TABLE mig_c (x int); INSERT INTO mig_c VALUES (1);")];
  try {
    const results = await Promise.all([migrate(db, next), migrate(db, next), migrate(db, next)]);
    t.equal(results.flatMap((r) => r.applied).length, 1, "exactly one caller applied it");
    t.strictSame(await db.query("SELECT count(*) AS n FROM mig_c"), [{ n: 1 }]);
  } finally {
    await db.exec(`DROP TABLE IF EXISTS mig_c; DELETE FROM schema_migrations WHERE id > ${n};`);
  }
});

t.test("processes starting at once on one fresh Postgres schema", { skip: pgTestUrl ? false : "WARD_TEST_DATABASE_URL not set" }, async (t) => {
  const scratch = await createScratchSchema();
  const handles = await Promise.all(
    [1, 2, 3, 4].map(() => openPgDatabase(scratch.url, { searchPath: scratch.schema, max: 2 })),
  );
  try {
    const results = await Promise.all(handles.map((db) => migrate(db)));
    const applied = results.flatMap((r) => r.applied).sort((a, b) => a - b);
    t.strictSame(applied, migrations.map((m) => m.id), "every step applied exactly once across the four");
    const [first] = handles;
    t.strictSame(await first!.query("SELECT count(*) AS n FROM schema_migrations"), [{ n: migrations.length }]);
    t.strictSame(await first!.query("SELECT position FROM stream_head"), [{ position: 0 }]);
  } finally {
    await Promise.all(handles.map((db) => db.close()));
    await scratch.drop();
  }
});
