/** node-postgres specifics: connection handling the shared suites cannot reach. */
import t from "tap";
import { openPgDatabase } from "../../src/store/pg.js";
import { createScratchSchema, pgTestUrl } from "../helpers/databases.js";

if (!pgTestUrl) {
  if (process.env.WARD_CI) throw new Error("WARD_CI is set but WARD_TEST_DATABASE_URL is not");
  t.pass("skipped: WARD_TEST_DATABASE_URL not set");
} else {
  const url = pgTestUrl;

  t.test("an unreachable server fails at open, not at the first request", async (t) => {
    await t.rejects(openPgDatabase("postgres://postgres@127.0.0.1:1/none"));
  });

  t.test("searchPath must be a plain identifier", async (t) => {
    await t.rejects(openPgDatabase(url, { searchPath: "x; DROP" }), /identifier/);
  });

  t.test("every pooled connection uses the schema", async (t) => {
    const scratch = await createScratchSchema();
    const db = await openPgDatabase(scratch.url, { searchPath: scratch.schema, max: 3 });
    t.teardown(async () => {
      await db.close();
      await scratch.drop();
    });
    const schemas = await Promise.all(
      [1, 2, 3].map(() => db.transaction((tx) => tx.query<{ s: string }>("SELECT current_schema() AS s, pg_sleep(0.05)"))),
    );
    t.strictSame(new Set(schemas.map((rows) => rows[0]?.s)), new Set([scratch.schema]));
  });

  t.test("a connection that dies mid-transaction is discarded, the pool goes on", async (t) => {
    const db = await openPgDatabase(url, { max: 1 });
    t.teardown(() => db.close());
    await t.rejects(db.transaction((tx) => tx.query("SELECT pg_terminate_backend(pg_backend_pid())")));
    t.strictSame(await db.query("SELECT 1 AS one"), [{ one: 1 }], "a fresh connection replaced the dead one");
    t.strictSame(await db.transaction((tx) => tx.query("SELECT 2 AS two")), [{ two: 2 }]);
  });

  t.test("a statement marked prepare is prepared once per connection and reused; others are not", async (t) => {
    const db = await openPgDatabase(url, { max: 1 });
    t.teardown(() => db.close());
    const prepared = "SELECT $1::int + 1 AS n";
    const plain = "SELECT $1::int + 2 AS n";
    const statements = () => db.query<{ statement: string }>("SELECT statement FROM pg_prepared_statements ORDER BY statement");
    t.strictSame(await db.query(prepared, [1], { prepare: true }), [{ n: 2 }]);
    t.strictSame(await db.query(prepared, [2], { prepare: true }), [{ n: 3 }], "the second run reuses it");
    t.strictSame(await db.transaction((tx) => tx.query(prepared, [3], { prepare: true })), [{ n: 4 }], "inside a transaction too");
    t.strictSame(await db.query(plain, [1]), [{ n: 3 }]);
    t.strictSame((await statements()).map((r) => r.statement), [prepared], "one prepared statement, the marked one");
  });
}
