import t from "tap";
import { lockRoom } from "../../src/store/locks.js";
import { forEachDatabase } from "../helpers/databases.js";
import { sleep } from "./fixtures.js";

function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

await forEachDatabase(t, "the lock is re-entrant within a transaction and released at its end", async (t, db) => {
  await db.transaction(async (tx) => {
    await lockRoom(tx, "!a:ward.test");
    await lockRoom(tx, "!a:ward.test");
    await lockRoom(tx, "!b:ward.test");
  });
  await t.rejects(db.transaction(async (tx) => {
    await lockRoom(tx, "!a:ward.test");
    throw new Error("rollback");
  }));
  const held = await db.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()");
  t.strictSame(held, [], "no advisory lock outlives its transaction");
  await db.transaction((tx) => lockRoom(tx, "!a:ward.test"));
  t.pass("taken again after commit and rollback");
});

await forEachDatabase(t, "same room waits, another room proceeds", async (t, db) => {
  const events: string[] = [];
  const hold = gate();
  const locked = gate();
  const first = db.transaction(async (tx) => {
    await lockRoom(tx, "!same:ward.test");
    events.push("first locked");
    locked.open();
    await hold.wait;
    events.push("first commits");
  });
  await locked.wait;
  const second = db.transaction(async (tx) => {
    await lockRoom(tx, "!same:ward.test");
    events.push("second locked");
  });
  const other = db.transaction(async (tx) => {
    await lockRoom(tx, "!other:ward.test");
    events.push("other locked");
  });
  if (db.kind === "pg") {
    await other; // would hang (and time out) if rooms shared one lock
    await sleep(150);
    t.strictSame(events, ["first locked", "other locked"], "the same room waited; the other room did not");
  } else {
    await sleep(150);
    t.strictSame(events, ["first locked"], "PGlite: every transaction waits (one connection)");
  }
  hold.open();
  await Promise.all([first, second, other]);
  t.equal(events.indexOf("second locked") > events.indexOf("first commits"), true, "second got the room after first ended");
});
