import t from "tap";
import type { BusMessage } from "../../../src/bus/bus.js";
import { MemoryBus } from "../../../src/bus/memory.js";
import type { ServiceContext } from "../../../src/services/context.js";
import { OFFLINE_AFTER_MS, SYNC_WRITE_INTERVAL_MS } from "../../../src/services/presence/rules.js";
import { startSweeper, sweepOffline } from "../../../src/services/presence/sweeper.js";
import { PresenceWrites } from "../../../src/services/presence/writes.js";
import { Notifier } from "../../../src/services/sync/notifier.js";
import type { Database } from "../../../src/store/database.js";
import { presenceTable } from "../../../src/store/tables/presence.js";
import { forEachDatabase, testAtRestCipher, type Tap } from "../../helpers/databases.js";
import { testKeys } from "../../helpers/homeserver.js";
import { captureLogger, testConfig } from "../../helpers/http.js";

const T0 = 1_700_000_000_000;
const user = (name: string) => `@${name}:localhost`;

/** A context on `db` with a clock the test sets, counting transactions and recording bus messages. */
async function presenceContext(t: Tap, db: Database) {
  const bus = new MemoryBus();
  const notifier = new Notifier(bus);
  const messages: BusMessage[] = [];
  bus.subscribe((m) => messages.push(m));
  const now = { value: T0 };
  const counted = { transactions: 0 };
  const counting: Database = {
    kind: db.kind,
    atRest: db.atRest,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => {
      counted.transactions++;
      return db.transaction(fn);
    },
    close: () => db.close(),
  };
  const log = captureLogger("warn");
  const ctx: ServiceContext = { db: counting, bus, config: testConfig(), keys: await testKeys(), logger: log.logger, clock: () => now.value, notifier };
  t.teardown(async () => {
    notifier.close();
    await bus.close();
  });
  return { ctx, now, messages, counted, log };
}

await forEachDatabase(t, "a syncing user is written at most once per interval, and at once on a change", async (t, db) => {
  const { ctx, now, counted } = await presenceContext(t, db);
  const writes = new PresenceWrites(ctx);
  await writes.syncing(user("alice"), undefined);
  t.equal(counted.transactions, 1);
  now.value += SYNC_WRITE_INTERVAL_MS - 1;
  await writes.syncing(user("alice"), "online");
  t.equal(counted.transactions, 1, "within the interval: no database access");
  t.equal((await presenceTable.get(db, user("alice")))?.lastSyncTs, T0);
  await writes.syncing(user("alice"), "unavailable");
  t.equal(counted.transactions, 2, "a different state goes to the database at once");
  t.equal((await presenceTable.get(db, user("alice")))?.state, "unavailable");
  await writes.syncing(user("alice"), "offline");
  t.equal(counted.transactions, 2, "set_presence=offline does nothing");
  now.value += SYNC_WRITE_INTERVAL_MS;
  await writes.syncing(user("alice"), "unavailable");
  t.equal(counted.transactions, 3, "after the interval: written again");
  t.equal((await presenceTable.get(db, user("alice")))?.lastSyncTs, now.value);
});

await forEachDatabase(t, "sweeps mark stale users offline once, even when run concurrently", async (t, db) => {
  const { ctx, now, messages } = await presenceContext(t, db);
  const writes = new PresenceWrites(ctx);
  for (const name of ["a", "b", "c", "d", "e"]) await writes.syncing(user(name), name === "e" ? "unavailable" : undefined);
  await writes.put(user("hidden"), "offline", "away");
  now.value += SYNC_WRITE_INTERVAL_MS + 1;
  await writes.syncing(user("d"), undefined);
  const hiddenBefore = await presenceTable.get(db, user("hidden"));
  messages.length = 0;

  now.value = T0 + OFFLINE_AFTER_MS + 1;
  const [first, second] = await Promise.all([sweepOffline(ctx), sweepOffline(ctx)]);
  const all = [...first, ...second].sort();
  t.same(all, [user("a"), user("b"), user("c"), user("e")], "each stale user exactly once; d synced later; hidden is already offline");
  for (const name of ["a", "b", "c", "e"]) t.match(await presenceTable.get(db, user(name)), { state: "offline", explicit: false });
  t.equal((await presenceTable.get(db, user("d")))?.state, "online");
  t.same(await presenceTable.get(db, user("hidden")), hiddenBefore, "an explicit offline is left alone (no new position)");
  await new Promise((resolve) => setImmediate(resolve));
  const woken = messages.flatMap((m) => (m.kind === "stream" ? m.userIds : [])).sort();
  t.same(woken, all, "their co-members are woken");
  t.same(await sweepOffline(ctx), [], "nothing left");
});

await forEachDatabase(t, "the timer sweeps, and stops", async (t, db) => {
  const { ctx, now } = await presenceContext(t, db);
  await new PresenceWrites(ctx).syncing(user("alice"), undefined);
  now.value += OFFLINE_AFTER_MS + 1;
  const ticks: number[] = [];
  const stop = startSweeper(ctx, (at) => ticks.push(at), 5);
  for (let i = 0; i < 400 && (await presenceTable.get(db, user("alice")))?.state !== "offline"; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  stop();
  t.equal((await presenceTable.get(db, user("alice")))?.state, "offline");
  await new Promise((resolve) => setTimeout(resolve, 30));
  const count = ticks.length;
  await new Promise((resolve) => setTimeout(resolve, 30));
  t.equal(ticks.length, count, "no tick after stop");
});

t.test("a failing database (closed, down) is logged once, not every tick", async (t) => {
  const log = captureLogger("warn");
  let attempts = 0;
  const closed = async (): Promise<never> => {
    throw new Error("database closed");
  };
  const db: Database = {
    kind: "pglite",
    atRest: testAtRestCipher(),
    query: closed,
    exec: closed,
    transaction: async () => {
      attempts++;
      return closed();
    },
    close: async () => {},
  };
  const bus = new MemoryBus();
  const notifier = new Notifier(bus);
  const ctx: ServiceContext = { db, bus, config: testConfig(), keys: await testKeys(), logger: log.logger, clock: () => T0, notifier };
  const stop = startSweeper(ctx, () => {}, 2);
  for (let i = 0; i < 400 && attempts < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  stop();
  notifier.close();
  t.ok(attempts >= 5, "kept trying");
  t.equal(log.lines().filter((l) => l.msg === "presence sweep failed").length, 1);
});
