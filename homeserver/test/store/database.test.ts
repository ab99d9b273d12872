/**
 * The Database contract (src/store/database.ts), identical on both drivers:
 * value normalisation, transactions, misuse detection, isolation.
 */
import t from "tap";
import { TransactionAbortedError, TransactionMisuseError, isUniqueViolation, sqlState } from "../../src/store/errors.js";
import type { Transaction } from "../../src/store/database.js";
import { forEachDatabase } from "../helpers/databases.js";
import { sleep } from "./fixtures.js";

await forEachDatabase(t, "values are normalised the same way", async (t, db) => {
  const [row] = await db.query(
    `SELECT 42::int8 AS i8, 7::int4 AS i4, 9007199254740993::int8 AS big, '\\x00ff10'::bytea AS bytes,
            '{"a":[1,"x"]}'::json AS j, '{"b":true}'::jsonb AS jb, 1.50::numeric AS num, true AS yes,
            NULL::text AS nothing, 'héllo'::text AS txt, ARRAY[1, 2]::int8[] AS i8s, ARRAY['a','b']::text[] AS texts,
            count(*) AS n`,
  );
  t.ok(row);
  t.strictSame(row, {
    i8: 42, i4: 7, big: 9007199254740993n, bytes: new Uint8Array([0, 255, 16]), j: { a: [1, "x"] }, jb: { b: true },
    num: "1.50", yes: true, nothing: null, txt: "héllo", i8s: [1, 2], texts: ["a", "b"], n: 1,
  });
  // A plain Uint8Array, not a Buffer (whose equality and toString differ).
  t.equal(Object.getPrototypeOf(row?.bytes), Uint8Array.prototype);
});

await forEachDatabase(t, "parameters round-trip", async (t, db) => {
  const bytes = new Uint8Array([1, 2, 3, 250]);
  const [row] = await db.query(
    "SELECT $1::bytea AS b, $2::text[] AS arr, $3::int8 AS n, $4::text AS missing, $5::boolean AS flag, $6::text AS s",
    [bytes, ["x", "y,z", 'q"'], 1_700_000_000_000, null, false, "it's"],
  );
  t.strictSame(row, { b: bytes, arr: ["x", "y,z", 'q"'], n: 1_700_000_000_000, missing: null, flag: false, s: "it's" });
});

await forEachDatabase(t, "exec runs several statements; query reports SQLSTATE codes", async (t, db) => {
  await db.exec("DROP TABLE IF EXISTS scratch; CREATE TABLE scratch (k text PRIMARY KEY); INSERT INTO scratch VALUES ('a');");
  const err = await db.query("INSERT INTO scratch VALUES ('a')").catch((e: unknown) => e);
  t.ok(isUniqueViolation(err), "unique violation is 23505");
  t.equal(sqlState(await db.query("SELECT 1/0").catch((e: unknown) => e)), "22012");
  t.equal(sqlState(new Error("not a db error")), undefined);
  await db.exec("DROP TABLE scratch");
});

await forEachDatabase(t, "transactions commit, roll back on throw, and return the callback's value", async (t, db) => {
  await db.exec("DROP TABLE IF EXISTS scratch; CREATE TABLE scratch (k text PRIMARY KEY)");
  t.equal(await db.transaction(async (tx) => { await tx.query("INSERT INTO scratch VALUES ('kept')"); return 5; }), 5);
  const boom = new Error("boom");
  await t.rejects(
    db.transaction(async (tx) => {
      await tx.query("INSERT INTO scratch VALUES ('lost1')");
      await tx.exec("INSERT INTO scratch VALUES ('lost2'); UPDATE stream_head SET position = 99;");
      throw boom;
    }),
    boom,
  );
  t.strictSame(await db.query("SELECT k FROM scratch ORDER BY k"), [{ k: "kept" }], "nothing of the failed transaction remains");
  t.strictSame(await db.query("SELECT position FROM stream_head"), [{ position: 0 }]);
  await db.exec("DROP TABLE scratch");
});

await forEachDatabase(t, "a swallowed failed statement makes COMMIT throw TransactionAbortedError", async (t, db) => {
  await db.exec("DROP TABLE IF EXISTS scratch; CREATE TABLE scratch (k text PRIMARY KEY)");
  await t.rejects(
    db.transaction(async (tx) => {
      await tx.query("INSERT INTO scratch VALUES ('a')");
      await tx.query("INSERT INTO scratch VALUES ('a')").catch(() => undefined);
      return "looks fine";
    }),
    TransactionAbortedError,
  );
  t.strictSame(await db.query("SELECT k FROM scratch"), []);
  // The connection is usable afterwards.
  t.strictSame(await db.transaction((tx) => tx.query("SELECT 1 AS one")), [{ one: 1 }]);
  await db.exec("DROP TABLE scratch");
});

await forEachDatabase(t, "misuse: the db inside a transaction, the tx after it", async (t, db) => {
  let leaked: Transaction | undefined;
  await t.rejects(db.transaction(async () => db.query("SELECT 1")), TransactionMisuseError, "db.query inside");
  await t.rejects(db.transaction(async () => db.transaction(async () => 1)), TransactionMisuseError, "nested transaction");
  await db.transaction(async (tx) => { leaked = tx; });
  await t.rejects(leaked!.query("SELECT 1"), TransactionMisuseError, "tx used after commit");
  // A timer started inside a transaction may use the db once the transaction is over.
  let later: Promise<unknown> | undefined;
  await db.transaction(async () => {
    later = sleep(20).then(() => db.query("SELECT 1 AS one"));
  });
  t.strictSame(await later, [{ one: 1 }]);
});

await forEachDatabase(t, "a query outside a transaction never sees its uncommitted writes", async (t, db) => {
  await db.exec("CREATE TABLE scratch (k text PRIMARY KEY)");
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let inserted!: () => void;
  const didInsert = new Promise<void>((resolve) => (inserted = resolve));
  const writer = db.transaction(async (tx) => {
    await tx.query("INSERT INTO scratch VALUES ('w')");
    inserted();
    await held;
  });
  await didInsert;
  // pg: runs at once on another connection and sees nothing. PGlite: waits
  // for the transaction to end, then sees the committed row. Never the open one.
  let readerDone = false;
  const reader = db.query<{ k: string }>("SELECT k FROM scratch").then((rows) => {
    readerDone = true;
    return rows;
  });
  await Promise.race([reader, sleep(1000)]);
  const doneBeforeCommit = readerDone;
  release();
  await writer;
  const rows = await reader;
  if (db.kind === "pg") {
    t.ok(doneBeforeCommit, "pg: the reader ran while the transaction was open");
    t.strictSame(rows, []);
  } else {
    t.notOk(doneBeforeCommit, "PGlite: the reader waited for the transaction");
    t.strictSame(rows, [{ k: "w" }]);
  }
  await db.exec("DROP TABLE scratch");
});
