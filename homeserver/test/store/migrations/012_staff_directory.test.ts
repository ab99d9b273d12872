/**
 * Migration 012 on a server that already has users: nobody who has signed
 * in drops out of the staff directory, and Messenger counts as turned on
 * when the oldest account was made; on a new server, at the migration.
 * Replayed inside a transaction that is rolled back, so the shared test
 * database keeps its schema.
 */
import t from "tap";
import { migration012 } from "../../../src/store/migrations/012_staff_directory.js";
import type { Transaction } from "../../../src/store/database.js";
import { forEachDatabase } from "../../helpers/databases.js";

const ROLL_BACK = "roll back the replayed migration";

/** Runs `body` on the schema as it was before 012, then undoes everything. */
async function before012(db: Parameters<Parameters<typeof forEachDatabase>[2]>[1], body: (tx: Transaction) => Promise<void>): Promise<void> {
  const run = db.transaction(async (tx) => {
    await tx.exec(`ALTER TABLE users DROP COLUMN last_login_ts; ALTER TABLE users DROP COLUMN is_bot; ALTER TABLE users DROP COLUMN is_staff;
      DELETE FROM server_settings WHERE name = 'messenger_enabled_ts';`);
    await body(tx);
    throw new Error(ROLL_BACK);
  });
  await run.catch((err: unknown) => {
    if (!(err instanceof Error && err.message === ROLL_BACK)) throw err;
  });
}

await forEachDatabase(t, "012 on an existing server keeps everyone who signed in", async (t, db) => {
  await before012(db, async (tx) => {
    await tx.query(`INSERT INTO users (user_id, localpart, created_ts, first_login_ts) VALUES
      ('@old:ward.test', 'old', 1000, 5000), ('@new:ward.test', 'new', 3000, NULL)`);
    await tx.exec(migration012.sql);
    const rows = await tx.query("SELECT user_id, last_login_ts, is_bot, is_staff FROM users ORDER BY user_id");
    t.same(rows, [
      { user_id: "@new:ward.test", last_login_ts: null, is_bot: false, is_staff: null },
      { user_id: "@old:ward.test", last_login_ts: 5000, is_bot: false, is_staff: null },
    ]);
    t.same(await tx.query("SELECT value FROM server_settings WHERE name = 'messenger_enabled_ts'"), [{ value: "1000" }], "the oldest account's creation");
  });
  t.equal((await db.query("SELECT count(*)::int AS n FROM users"))[0]?.n, 0, "rolled back");
});

await forEachDatabase(t, "012 on a new server records the time it ran", async (t, db) => {
  await before012(db, async (tx) => {
    const start = Date.now();
    await tx.exec(migration012.sql);
    const [row] = await tx.query<{ value: string }>("SELECT value FROM server_settings WHERE name = 'messenger_enabled_ts'");
    const value = Number(row?.value);
    t.ok(value >= start - 1000 && value <= Date.now() + 1000, `about now (${value})`);
  });
});
