/**
 * The audit trail's reads, denials, chain and admin API: history reads are
 * recorded with rooms and ranges; 401/403 answers are recorded as denials;
 * the chain verifies, and rows changed, removed or reordered behind the
 * triggers' back are found at the right seq; UPDATE/DELETE/TRUNCATE are
 * refused; the admin API filters, paginates, exports and refuses non-admins.
 */
import { PassThrough } from "node:stream";
import t from "tap";
import { runAudit } from "../../../src/cli/audit.js";
import { verifyAuditChain } from "../../../src/services/audit/verify.js";
import type { Database } from "../../../src/store/database.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver, TEST_PASSWORD, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { validateError } from "../../helpers/openapi.js";
import { auditRows, lastSeq } from "../../services/audit/audit-helpers.js";
import { createRoom, expectOk, send, sync } from "../client/sync-fixtures.js";

const AUDIT = "/_ward/admin/v1/audit";
const roomPath = (roomId: string, rest: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/${rest}`;

async function admin(hs: TestHomeserver): Promise<TestUser> {
  const userId = await hs.services.accounts.createUser({ localpart: "boss", password: TEST_PASSWORD, admin: true });
  const session = await hs.services.accounts.openSession({ userId });
  return { userId, accessToken: session.accessToken, deviceId: session.deviceId };
}

/** Runs SQL with the append-only triggers lifted, as a superuser or the owner could. */
async function behindTheTriggers(db: Database, sql: string): Promise<void> {
  await db.exec(`ALTER TABLE audit_log DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit_log ENABLE TRIGGER USER;`);
}

await forEachDatabase(t, "history reads are recorded with rooms and stream ranges", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomA = await createRoom(hs, alice);
  const roomB = await createRoom(hs, alice);
  const first = await sync(hs, alice);
  let seq = await lastSeq(db);
  const eventId = await send(hs, alice, roomA, "hello");
  seq = await lastSeq(db);
  const next = await sync(hs, alice, { since: first.next_batch, timeout: 0 });
  const position = (token: string) => Number(/^s(\d+)/.exec(token)![1]);
  t.same((await auditRows(db, seq)).map((r) => [r.action, r.actor, r.roomId, r.streamFrom, r.streamTo, r.endpoint]), [
    ["history_read", alice.userId, roomA, position(first.next_batch), position(next.next_batch), "client.sync"],
  ], "an incremental /sync: only the room whose events it carried, and the range served");

  seq = await lastSeq(db);
  await sync(hs, alice, { since: next.next_batch, timeout: 0 });
  t.equal(await lastSeq(db), seq, "a /sync that carries no events records nothing");

  await expectOk("messages", await hs.request("GET", roomPath(roomB, "messages?dir=b&limit=5"), { token: alice.accessToken }));
  await expectOk("context", await hs.request("GET", roomPath(roomA, `context/${encodeURIComponent(eventId)}`), { token: alice.accessToken }));
  await expectOk("event", await hs.request("GET", roomPath(roomA, `event/${encodeURIComponent(eventId)}`), { token: alice.accessToken }));
  await expectOk("members", await hs.request("GET", roomPath(roomA, "members"), { token: alice.accessToken }));
  const rows = await auditRows(db, seq);
  t.same(rows.map((r) => [r.action, r.roomId, r.endpoint]), [
    ["history_read", roomB, "client.rooms.messages"],
    ["history_read", roomA, "client.rooms.context"],
    ["history_read", roomA, "client.rooms.event"],
    ["history_read", roomA, "client.rooms.members"],
  ]);
  t.ok(rows[0]!.streamFrom !== null && rows[0]!.streamTo !== null && rows[0]!.streamFrom! <= rows[0]!.streamTo!, "/messages: its range");
  t.equal(rows[1]!.eventId, eventId);
  t.equal(rows[2]!.eventId, eventId);
});

await forEachDatabase(t, "401, 403 and room-not-found answers are recorded as denials with endpoint and errcode", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const mallory = await hs.registerUser("mallory");
  const roomId = await createRoom(hs, alice, { preset: "private_chat" });
  const seq = await lastSeq(db);
  // A private room mallory was never in does not exist for him (404), but the trail keeps the refusal.
  const denied = await hs.request("GET", roomPath(roomId, "messages?dir=b"), { token: mallory.accessToken });
  t.equal(denied.status, 404);
  const notFound = await hs.request("GET", roomPath(roomId, "event/%24nope"), { token: alice.accessToken });
  t.equal(notFound.status, 404, "an unknown event: not a denial");
  const missing = await hs.request("GET", "/_matrix/client/v3/sync");
  t.equal(missing.status, 401);
  const nonAdmin = await hs.request("GET", AUDIT, { token: mallory.accessToken });
  t.equal(nonAdmin.status, 403);
  // A UIA challenge is a protocol step, not a denial.
  const challenge = await hs.request("POST", "/_matrix/client/v3/delete_devices", { token: mallory.accessToken, body: { devices: [mallory.deviceId] } });
  t.equal(challenge.status, 401);
  t.same((await auditRows(db, seq)).map((r) => [r.action, r.actor, r.deviceId, r.endpoint, r.outcome, r.errcode]), [
    ["denied", mallory.userId, mallory.deviceId, "client.rooms.messages", "denied", "M_NOT_FOUND"],
    ["denied", null, null, "client.sync", "denied", "M_MISSING_TOKEN"],
    ["denied", mallory.userId, mallory.deviceId, "ward.admin.audit.query", "denied", "M_FORBIDDEN"],
  ]);
});

await forEachDatabase(t, "the chain verifies; changed, removed and reordered rows are found at the right seq", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice);
  for (let i = 0; i < 4; i++) await send(hs, alice, roomId, `m${i}`);
  const total = await lastSeq(db);
  t.ok(total >= 7);
  t.same(await verifyAuditChain(db), { ok: true, rows: total });

  await behindTheTriggers(db, "UPDATE audit_log SET actor = '@someone:else' WHERE seq = 4");
  t.same(await verifyAuditChain(db), { ok: false, rows: 3, firstBrokenSeq: 4, reason: "hash_mismatch" }, "a changed row");
  await behindTheTriggers(db, `UPDATE audit_log SET actor = '${alice.userId}' WHERE seq = 4`);
  t.same(await verifyAuditChain(db), { ok: true, rows: total }, "restored");

  // Swap two rows' contents, keeping their seq and even recomputing nothing: the links break.
  await behindTheTriggers(db, `
    UPDATE audit_log SET seq = -1 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = 6; UPDATE audit_log SET seq = 6 WHERE seq = -1`);
  const swapped = await verifyAuditChain(db);
  t.same([swapped.ok, !swapped.ok && swapped.firstBrokenSeq], [false, 5], "reordered rows");
  await behindTheTriggers(db, `
    UPDATE audit_log SET seq = -1 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = 6; UPDATE audit_log SET seq = 6 WHERE seq = -1`);
  t.same(await verifyAuditChain(db), { ok: true, rows: total });

  await behindTheTriggers(db, "DELETE FROM audit_log WHERE seq = 3");
  t.same(await verifyAuditChain(db), { ok: false, rows: 2, firstBrokenSeq: 3, reason: "missing_row" }, "a removed row");

  const out = new PassThrough();
  let text = "";
  out.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const code = await runAudit(["verify"], { stdout: out, stderr: new PassThrough(), env: {} }, { openDatabase: async () => db });
  t.equal(code, 1, "the CLI exits 1");
  t.match(text, /BROKEN at seq 3/);
});

await forEachDatabase(t, "a removed tail is found against the head", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  await createRoom(hs, alice);
  const total = await lastSeq(db);
  await behindTheTriggers(db, `DELETE FROM audit_log WHERE seq = ${total}`);
  t.same(await verifyAuditChain(db), { ok: false, rows: total - 1, firstBrokenSeq: total, reason: "missing_row" });
});

await forEachDatabase(t, "audit_log is append-only: UPDATE, DELETE and TRUNCATE are refused", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  await hs.registerUser("alice");
  t.ok((await lastSeq(db)) >= 1);
  await t.rejects(db.query("UPDATE audit_log SET actor = NULL"), /append-only/);
  await t.rejects(db.query("DELETE FROM audit_log"), /append-only/);
  await t.rejects(db.exec("TRUNCATE audit_log"), /append-only/);
  t.same(await verifyAuditChain(db), { ok: true, rows: await lastSeq(db) });
});

await forEachDatabase(t, "the admin API filters, paginates, exports and verifies; its uses are recorded", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const boss = await admin(hs);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomA = await createRoom(hs, alice);
  const roomB = await createRoom(hs, bob);
  for (let i = 0; i < 3; i++) await send(hs, alice, roomA, `a${i}`);
  await send(hs, bob, roomB, "b");
  const get = (query: string) => hs.request("GET", `${AUDIT}${query}`, { token: boss.accessToken });

  const sends = await expectOk("query", await get(`?action=message_send&user_id=${encodeURIComponent(alice.userId)}&limit=2`));
  t.same(sends.chunk.map((r: { action: string; actor: string; room_id: string }) => [r.action, r.actor, r.room_id]), [
    ["message_send", alice.userId, roomA], ["message_send", alice.userId, roomA],
  ]);
  t.ok(sends.chunk[0].seq > sends.chunk[1].seq, "newest first");
  t.type(sends.next_batch, "string");
  const rest = await expectOk("page 2", await get(`?action=message_send&user_id=${encodeURIComponent(alice.userId)}&limit=2&since=${sends.next_batch}`));
  t.equal(rest.chunk.length, 1);
  t.equal(rest.next_batch, undefined, "the last page");
  const inB = await expectOk("room filter", await get(`?room_id=${encodeURIComponent(roomB)}`));
  t.ok(inB.chunk.length >= 3 && inB.chunk.every((r: { room_id: string }) => r.room_id === roomB));
  const all = await expectOk("all", await get(""));
  const middle = all.chunk[Math.floor(all.chunk.length / 2)].ts as number;
  const late = await expectOk("since ts", await get(`?from_ts=${middle}`));
  t.ok(late.chunk.every((r: { ts: number }) => r.ts >= middle));
  const bad = await get("?action=nonsense");
  t.same([bad.status, bad.json.errcode], [400, "M_INVALID_PARAM"]);
  t.strictSame(validateError(bad.json), []);

  const exported = await fetch(`${hs.url}${AUDIT}/export?room_id=${encodeURIComponent(roomA)}`, { headers: { Authorization: `Bearer ${boss.accessToken}` } });
  t.equal(exported.status, 200);
  t.match(exported.headers.get("content-type"), /application\/x-ndjson/);
  const lines = (await exported.text()).trim().split("\n").map((l) => JSON.parse(l) as { seq: number; room_id: string; hash: string });
  t.ok(lines.length >= 5 && lines.every((l) => l.room_id === roomA && /^[0-9a-f]{64}$/.test(l.hash)));
  t.ok(lines.every((l, i) => i === 0 || l.seq > lines[i - 1]!.seq), "oldest first");

  const verified = await hs.request("POST", `${AUDIT}/verify`, { token: boss.accessToken, body: {} });
  t.same([verified.status, verified.json.ok], [200, true]);
  t.equal(verified.json.rows, await lastSeq(db));

  const uses = (await auditRows(db)).filter((r) => r.action.startsWith("admin_audit_")).map((r) => [r.action, r.actor]);
  t.same(uses.filter(([a]) => a === "admin_audit_export"), [["admin_audit_export", boss.userId]]);
  t.same(uses.filter(([a]) => a === "admin_audit_verify"), [["admin_audit_verify", boss.userId]]);
  t.equal(uses.filter(([a]) => a === "admin_audit_query").length, 5, "each admitted query (the 400 one read nothing)");

  for (const [method, path] of [["GET", AUDIT], ["GET", `${AUDIT}/export`], ["POST", `${AUDIT}/verify`]] as const) {
    const res = await hs.request(method, path, { token: alice.accessToken, ...(method === "POST" && { body: {} }) });
    t.same([res.status, res.json?.errcode], [403, "M_FORBIDDEN"], `${method} ${path} refuses a non-admin`);
  }
});
