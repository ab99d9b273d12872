/**
 * Rotation and re-encryption: after a rotation new rows are sealed under the
 * new data key while old rows still read; re-encryption moves every row to
 * the active key while the server keeps serving; rows written before
 * encryption at rest (plaintext) are read, then sealed.
 */
import t from "tap";
import { rotateDataKey } from "../../../src/crypto/data-keys.js";
import { sodiumReady } from "../../../src/crypto/sodium.js";
import { atRestStatus, reencryptAll } from "../../../src/services/at-rest/reencrypt.js";
import { pduOf, storedPduText } from "../../../src/services/rooms/stored-events.js";
import type { Database } from "../../../src/store/database.js";
import { migrate } from "../../../src/store/migrate.js";
import { migrations } from "../../../src/store/migrations/index.js";
import { openPgDatabase } from "../../../src/store/pg.js";
import { openPgliteDatabase } from "../../../src/store/pglite.js";
import { accountDataTable } from "../../../src/store/tables/account-data.js";
import { eventsTable } from "../../../src/store/tables/events.js";
import { createScratchSchema, forEachDatabase, pgTestUrl, TEST_MASTER_KEYS, testAtRestCipher, withCipher, type Tap } from "../../helpers/databases.js";
import { startTestHomeserver, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { createRoom, send } from "../../api/client/sync-fixtures.js";

await sodiumReady();
t.setTimeout(240_000);

const V3 = "/_matrix/client/v3";
const dataPath = (userId: string, type: string) => `${V3}/user/${encodeURIComponent(userId)}/account_data/${type}`;

async function bodiesOf(hs: TestHomeserver, user: TestUser, roomId: string): Promise<{ status: number; bodies: string[] }> {
  const res = await hs.request("GET", `${V3}/rooms/${encodeURIComponent(roomId)}/messages?dir=f&limit=100`, { token: user.accessToken });
  const chunk = (res.json?.chunk ?? []) as Array<{ type: string; content: { body?: string } }>;
  return { status: res.status, bodies: chunk.filter((e) => e.type === "m.room.message").map((e) => e.content.body ?? "") };
}

const keysOf = async (db: Database, table: "events" | "account_data") =>
  (await db.query<{ key_id: string | null }>(`SELECT DISTINCT key_id FROM ${table}`)).map((r) => r.key_id).sort();

await forEachDatabase(t, "rotate: new rows under the new key, old ones still read; reencrypt moves them all while serving", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice, { name: "Ward 4" });
  const sent: string[] = [];
  for (let i = 0; i < 12; i++) {
    sent.push(`message ${i}`);
    await send(hs, alice, roomId, `message ${i}`);
  }
  t.equal((await hs.request("PUT", dataPath(alice.userId, "org.example.a"), { token: alice.accessToken, body: { n: 1 } })).status, 200);
  const first = db.atRest.activeKeyId;
  t.same(await keysOf(db, "events"), [first]);

  const second = await rotateDataKey(db, TEST_MASTER_KEYS, Date.now());
  await db.atRest.refresh(db); // the server's periodic tick (crypto/at-rest.ts), without waiting for it
  const afterRotation = await send(hs, alice, roomId, "after the rotation");
  sent.push("after the rotation");
  t.equal((await eventsTable.get(db, afterRotation))!.pdu.keyId, second, "a new row is sealed under the new key");
  t.same(await keysOf(db, "events"), [first, second].sort());
  t.same(await bodiesOf(hs, alice, roomId), { status: 200, bodies: sent }, "old and new rows read side by side");

  // Re-encryption in small batches while the server answers reads.
  let reads = 0;
  let stop = false;
  const reader = (async () => {
    while (!stop) {
      t.same(await bodiesOf(hs, alice, roomId), { status: 200, bodies: sent }, "a read during re-encryption");
      t.same((await hs.request("GET", dataPath(alice.userId, "org.example.a"), { token: alice.accessToken })).json, { n: 1 });
      reads++;
    }
  })();
  let batches = 0;
  const result = await reencryptAll(db, { batchSize: 2, pauseMs: 5, onProgress: () => void batches++ });
  stop = true;
  await reader;
  t.ok(reads > 0, "the server answered while re-encryption ran");
  t.ok(batches > 5, "in many small batches");
  t.equal(result.events, (await db.query("SELECT 1 FROM events")).length - 1, "every row but the one already under the new key");
  t.equal(result.accountData, 1);
  t.same(result.unreadable, []);
  t.same(await keysOf(db, "events"), [second]);
  t.same(await keysOf(db, "account_data"), [second]);
  t.same(await bodiesOf(hs, alice, roomId), { status: 200, bodies: sent });
  const status = await atRestStatus(db);
  t.equal(status.activeKeyId, second);
  t.same(Object.keys(status.events), [second]);
  t.same(status.keys.map((k) => [k.keyId, k.active]), [[first, false], [second, true]], "the old key stays");
  t.same(await reencryptAll(db), { events: 0, accountData: 0, raced: 0, unreadable: [] }, "a second run has nothing to do");
});

await forEachDatabase(t, "a row sealed by another process under a key this one never loaded is read (one re-read of data_keys)", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice);
  await send(hs, alice, roomId, "hello");
  // Another process rotates and re-encrypts; this server's cipher hears of neither.
  const other = testAtRestCipher();
  const elsewhere = withCipher(db, other);
  await other.load(elsewhere);
  const third = await rotateDataKey(elsewhere, TEST_MASTER_KEYS, Date.now());
  await reencryptAll(elsewhere);
  t.notOk(db.atRest.has(third));
  t.same(await bodiesOf(hs, alice, roomId), { status: 200, bodies: ["hello"] });
  t.ok(db.atRest.has(third), "learnt on the way");
});

await forEachDatabase(t, "rows stored in plaintext (before encryption at rest) are read, then sealed by reencrypt", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice, { name: "Ward 4", topic: "nights" });
  await send(hs, alice, roomId, "old message");
  t.equal((await hs.request("PUT", dataPath(alice.userId, "org.example.a"), { token: alice.accessToken, body: { n: 1 } })).status, 200);
  // Back to how a database upgraded from before encryption at rest holds them.
  for (const row of await eventsTable.timeline(db, roomId, { dir: "f", from: 0, limit: 100 })) {
    await db.query("UPDATE events SET pdu = $2, sealed_pdu = NULL, key_id = NULL WHERE event_id = $1", [row.eventId, storedPduText(db, row)]);
  }
  await db.query("UPDATE account_data SET content = $2, sealed_content = NULL, key_id = NULL WHERE user_id = $1", [alice.userId, JSON.stringify({ n: 1 })]);
  t.same(await keysOf(db, "events"), [null]);

  t.same(await bodiesOf(hs, alice, roomId), { status: 200, bodies: ["old message"] }, "plaintext rows read");
  const state = await hs.request("GET", `${V3}/rooms/${encodeURIComponent(roomId)}/state/m.room.topic/`, { token: alice.accessToken });
  t.match(state.json, { topic: "nights" });
  t.same((await hs.request("GET", dataPath(alice.userId, "org.example.a"), { token: alice.accessToken })).json, { n: 1 });
  t.same((await atRestStatus(db)).events, { plaintext: (await db.query("SELECT 1 FROM events")).length });

  const result = await reencryptAll(db, { batchSize: 3 });
  t.equal(result.accountData, 1);
  t.same(await keysOf(db, "events"), [db.atRest.activeKeyId]);
  t.same(await db.query("SELECT event_id FROM events WHERE pdu IS NOT NULL"), [], "no plaintext column left");
  t.same(await db.query("SELECT type FROM account_data WHERE content IS NOT NULL"), []);
  t.same(await bodiesOf(hs, alice, roomId), { status: 200, bodies: ["old message"] });
  t.same((await hs.request("GET", dataPath(alice.userId, "org.example.a"), { token: alice.accessToken })).json, { n: 1 });
});

/** A database at schema 008 (before encryption at rest) with a row in each table, then upgraded. */
async function upgradeFrom008(t: Tap, db: Database): Promise<void> {
  await migrate(db, migrations.slice(0, 8));
  const pdu = JSON.stringify({ room_id: "!r:x", type: "m.room.message", sender: "@a:x", content: { body: "from before" } });
  await db.query(
    `INSERT INTO events (event_id, stream_pos, room_id, type, state_key, sender, origin_server_ts, depth, membership, pdu)
     VALUES ('$old', 1, '!r:x', 'm.room.message', NULL, '@a:x', 1, 1, NULL, $1)`,
    [pdu],
  );
  await db.query("INSERT INTO account_data (user_id, room_id, type, content, stream_pos) VALUES ('@a:x', '', 'org.example.a', '{\"n\":1}', 2)");
  t.same((await migrate(db, migrations.slice(0, 9))).applied, [9]);
  await db.atRest.load(db);
  const row = (await eventsTable.get(db, "$old"))!;
  t.same(row.pdu, { keyId: null, sealed: null, plain: pdu });
  t.equal(pduOf(db, row).content.body, "from before");
  t.equal((await accountDataTable.get(db, "@a:x", "", "org.example.a"))?.content, '{"n":1}');
  t.match(await reencryptAll(db), { events: 1, accountData: 1, unreadable: [] });
  t.equal(pduOf(db, (await eventsTable.get(db, "$old"))!).content.body, "from before");
  t.same(await keysOf(db, "events"), [db.atRest.activeKeyId]);
}

t.test("migration 009 keeps a database from before encryption at rest readable [pglite]", async (t) => {
  const db = await openPgliteDatabase("memory://", { atRest: testAtRestCipher() });
  t.teardown(() => db.close());
  await upgradeFrom008(t, db);
});

if (pgTestUrl) {
  t.test("migration 009 keeps a database from before encryption at rest readable [pg]", async (t) => {
    const scratch = await createScratchSchema();
    const db = await openPgDatabase(scratch.url, { searchPath: scratch.schema, max: 2, atRest: testAtRestCipher() });
    t.teardown(async () => {
      await db.close();
      await scratch.drop();
    });
    await upgradeFrom008(t, db);
  });
}
