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
}
