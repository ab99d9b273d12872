/**
 * The audit trail records each act, in the act's own transaction: the right
 * rows with the right fields and no content; an act whose row cannot be
 * written fails and changes nothing.
 */
import { randomBytes } from "node:crypto";
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { allowChannelRedaction } from "../../services/messenger/channel-redaction-helper.js";
import { startTestHomeserver, TEST_PASSWORD } from "../../helpers/homeserver.js";
import { validateError } from "../../helpers/openapi.js";
import { actsSince, auditRows, auditText, lastSeq, withAuditRefusing } from "../../services/audit/audit-helpers.js";
import { createRoom, expectOk, invite, membership, send } from "./sync-fixtures.js";

const canary = () => `canary-${randomBytes(12).toString("hex")}`;
const roomPath = (roomId: string, rest: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/${rest}`;

await forEachDatabase(t, "room acts: create, invite, join, send, redact, kick, ban, leave", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  await allowChannelRedaction(db); // deleting messages in channels is off unless the org allows it
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const carol = await hs.registerUser("carol");
  const secret = canary();

  let seq = await lastSeq(db);
  const roomId = await createRoom(hs, alice, { name: secret, topic: secret, preset: "private_chat" });
  const created = await actsSince(db, seq);
  t.same(created.map((r) => r[0]), ["room_create", "room_join"], "creating a room: its create and the creator's join");
  t.ok(created.every((r) => r[1] === alice.userId && r[2] === roomId));

  seq = await lastSeq(db);
  await invite(hs, alice, roomId, bob.userId);
  await membership(hs, bob, roomId, "join");
  const messageId = await send(hs, bob, roomId, secret);
  const redact = await hs.request("PUT", roomPath(roomId, `redact/${encodeURIComponent(messageId)}/r1`), { token: bob.accessToken, body: { reason: secret } });
  await expectOk("redact", redact);
  await invite(hs, alice, roomId, carol.userId);
  await expectOk("kick", await hs.request("POST", roomPath(roomId, "kick"), { token: alice.accessToken, body: { user_id: carol.userId, reason: secret } }));
  await expectOk("ban", await hs.request("POST", roomPath(roomId, "ban"), { token: alice.accessToken, body: { user_id: carol.userId, reason: secret } }));
  await membership(hs, bob, roomId, "leave");
  const acts = await actsSince(db, seq);
  t.same(acts.map(([action, actor, room, , target]) => [action, actor, room, target]), [
    ["room_invite", alice.userId, roomId, bob.userId],
    ["room_join", bob.userId, roomId, bob.userId],
    ["message_send", bob.userId, roomId, null],
    ["redaction", bob.userId, roomId, null],
    ["room_invite", alice.userId, roomId, carol.userId],
    ["room_kick", alice.userId, roomId, carol.userId],
    ["room_ban", alice.userId, roomId, carol.userId],
    ["room_leave", bob.userId, roomId, bob.userId],
  ]);
  t.equal(acts[2]![3], messageId, "the message's event ID");
  t.equal(acts[3]![3], messageId, "the redaction names the redacted event");
  const rows = await auditRows(db, seq);
  t.ok(rows.every((r) => r.outcome === "ok" && r.address === "127.0.0.1" && r.ts > 0), "outcome, client address and time");
  t.equal(rows[2]!.deviceId, bob.deviceId, "the sender's device");
  t.equal(rows[2]!.endpoint, "client.rooms.send", "the endpoint");
  const profileSeq = await lastSeq(db);
  const renamed = await hs.request("PUT", `/_matrix/client/v3/profile/${encodeURIComponent(alice.userId)}/displayname`, { token: alice.accessToken, body: { displayname: secret } });
  await expectOk("displayname", renamed);
  t.same(await actsSince(db, profileSeq), [], "a display name change (join → join) is not a membership act");
  t.notOk((await auditText(db)).includes(secret), "no message body, room name, topic, reason or display name in the trail");
});

await forEachDatabase(t, "sign-in acts: login, failed login, logout, logout all, password change, device delete, deactivate", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  await hs.registerUser("dave");
  const login = async (password = TEST_PASSWORD) =>
    hs.request("POST", "/_matrix/client/v3/login", { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "dave" }, password } });

  let seq = await lastSeq(db);
  const a = (await expectOk("login", await login())) as { access_token: string; device_id: string; user_id: string };
  const wrong = await login("not the right password at all");
  t.equal(wrong.status, 403);
  const b = (await expectOk("login", await login())) as { access_token: string; device_id: string; user_id: string };
  const c = (await expectOk("login", await login())) as { access_token: string; device_id: string; user_id: string };
  await expectOk("logout", await hs.request("POST", "/_matrix/client/v3/logout", { token: c.access_token, body: {} }));
  t.same((await actsSince(db, seq)).map((r) => [r[0], r[1]]), [
    ["login", a.user_id], ["login_failed", null], ["login", a.user_id], ["login", a.user_id], ["logout", a.user_id],
  ]);
  const failed = (await auditRows(db, seq))[1]!;
  t.same([failed.outcome, failed.errcode, failed.endpoint], ["failed", "M_FORBIDDEN", "client.login"]);

  seq = await lastSeq(db);
  const auth = { type: "m.login.password", identifier: { type: "m.id.user", user: "dave" }, password: TEST_PASSWORD };
  const del = await hs.request("POST", "/_matrix/client/v3/delete_devices", { token: a.access_token, body: { devices: [b.device_id], auth } });
  t.equal(del.status, 200, "device deleted");
  const changed = await hs.request("POST", "/_matrix/client/v3/account/password", {
    token: a.access_token, body: { new_password: "a brand new long passphrase", logout_devices: true, auth },
  });
  t.equal(changed.status, 200, "password changed");
  const rows = await auditRows(db, seq);
  t.same(rows.map((r) => [r.action, r.actor, r.deviceId, r.targetDevice]), [
    ["device_delete", a.user_id, a.device_id, b.device_id],
    ["password_change", a.user_id, a.device_id, null],
  ]);

  seq = await lastSeq(db);
  await expectOk("logout all", await hs.request("POST", "/_matrix/client/v3/logout/all", { token: a.access_token, body: {} }));
  const e = (await expectOk("login", await login("a brand new long passphrase"))) as { access_token: string };
  const deactivate = await hs.request("POST", "/_matrix/client/v3/account/deactivate", {
    token: e.access_token, body: { auth: { ...auth, password: "a brand new long passphrase" } },
  });
  t.equal(deactivate.status, 200, "deactivated");
  t.same((await actsSince(db, seq)).map((r) => [r[0], r[1], r[4]]), [
    ["logout_all", a.user_id, null], ["login", a.user_id, null], ["deactivate", a.user_id, a.user_id],
  ]);
  t.notOk((await auditText(db)).includes("brand new long passphrase"), "no password in the trail");
});

await forEachDatabase(t, "an act whose audit row cannot be written fails and changes nothing", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice);
  const seq = await lastSeq(db);
  const eventCount = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE room_id = $1", [roomId]))[0]!.n;
  const events = await eventCount();
  await withAuditRefusing(db, async () => {
    const res = await hs.request("PUT", roomPath(roomId, "send/m.room.message/fails"), { token: alice.accessToken, body: { msgtype: "m.text", body: "x" } });
    t.equal(res.status, 500, "the send fails");
    t.strictSame(validateError(res.json), []);
    const created = await hs.request("POST", "/_matrix/client/v3/createRoom", { token: alice.accessToken, body: {} });
    t.equal(created.status, 500, "creating a room fails");
    const logout = await hs.request("POST", "/_matrix/client/v3/logout", { token: alice.accessToken, body: {} });
    t.equal(logout.status, 500, "logout fails");
    const read = await hs.request("GET", roomPath(roomId, "messages?dir=b"), { token: alice.accessToken });
    t.equal(read.status, 500, "a history read that cannot be recorded fails");
  });
  t.equal(await eventCount(), events, "no event was stored");
  t.equal(await lastSeq(db), seq, "no audit row");
  t.equal((await db.query("SELECT 1 FROM rooms")).length, 1, "no room was created");
  t.equal((await hs.request("GET", "/_matrix/client/v3/account/whoami", { token: alice.accessToken })).status, 200, "still logged in");
});

await forEachDatabase(t, "an idle timeout is recorded once, when a request finds the session ended", async (t, db) => {
  const clock = { offset: 0 };
  const hs = await startTestHomeserver(t, db, { clock: () => Date.now() + clock.offset });
  const erin = await hs.registerUser("erin");
  const seq = await lastSeq(db);
  clock.offset += 5 * 3_600_000;
  for (let i = 0; i < 2; i++) {
    const res = await hs.request("GET", "/_matrix/client/v3/account/whoami", { token: erin.accessToken });
    t.same([res.status, res.json.soft_logout], [401, true], "the session has ended");
  }
  t.same((await auditRows(db, seq)).map((r) => [r.action, r.actor, r.deviceId, r.errcode]), [
    ["session_timeout", erin.userId, erin.deviceId, null],
    ["denied", null, null, "M_UNKNOWN_TOKEN"],
    ["denied", null, null, "M_UNKNOWN_TOKEN"],
  ]);
});
