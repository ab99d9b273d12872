/**
 * Who each event notifies (blue: notification_count) or highlights (orange:
 * highlight_count), as computed at send time and kept in event_push_actions:
 * for each rule, the user who is notified and the one who is not. Driven
 * through the client API, as staff would, on a room of alice (creator),
 * bob and carol.
 */
import t from "tap";
import { pushActionsTable } from "../../../src/store/tables/push-actions.js";
import type { Database } from "../../../src/store/database.js";
import { forEachDatabase, type Tap } from "../../helpers/databases.js";
import { startTestHomeserver, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { NO_RATE_LIMITS } from "../../api/client/receipts-helpers.js";
import { roomPath, V3 } from "../../api/client/room-helpers.js";
import { createRoom, expectOk, invite, membership, send, setState } from "../../api/client/sync-fixtures.js";

type Room = { hs: TestHomeserver; db: Database; roomId: string; alice: TestUser; bob: TestUser; carol: TestUser };

async function room(t: Tap, db: Database): Promise<Room> {
  const hs = await startTestHomeserver(t, db, { config: NO_RATE_LIMITS });
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const carol = await hs.registerUser("carol");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  await membership(hs, carol, roomId, "join");
  return { hs, db, roomId, alice, bob, carol };
}

/** "bob:blue", "carol:orange", … for one event, sorted; localparts only. */
async function notified(db: Database, eventId: string): Promise<string[]> {
  const rows = await pushActionsTable.forEvent(db, eventId);
  return rows.map((r) => `${r.userId.slice(1, r.userId.indexOf(":"))}:${r.highlight ? (r.notify ? "orange" : "highlight-only") : r.notify ? "blue" : "none"}`);
}

/** The latest event of `type` in the room (for events the API does not return an ID for). */
async function latest(db: Database, roomId: string, type: string): Promise<string> {
  const [row] = await db.query<{ event_id: string }>("SELECT event_id FROM events WHERE room_id = $1 AND type = $2 ORDER BY stream_pos DESC LIMIT 1", [roomId, type]);
  if (!row) throw new Error(`no ${type} in ${roomId}`);
  return row.event_id;
}

const text = (body: string, extra: Record<string, unknown> = {}) => ({ msgtype: "m.text", body, ...extra });

await forEachDatabase(t, "every new message notifies everyone else in the room (blue), never the sender", async (t, db) => {
  const r = await room(t, db);
  t.strictSame(await notified(db, await send(r.hs, r.alice, r.roomId, "hello")), ["bob:blue", "carol:blue"]);
  t.strictSame(await notified(db, await send(r.hs, r.bob, r.roomId, "hi")), ["alice:blue", "carol:blue"]);
  const encrypted = await send(r.hs, r.alice, r.roomId, { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "x", session_id: "s", device_id: "D" }, { type: "m.room.encrypted" });
  t.strictSame(await notified(db, encrypted), ["bob:blue", "carol:blue"], "encrypted messages too");
  t.strictSame(await notified(db, await send(r.hs, r.alice, r.roomId, { msgtype: "m.notice", body: "bot output" })), [], "notices stay quiet (.m.rule.suppress_notices)");
  const outsider = await r.hs.registerUser("dave");
  t.notOk((await notified(db, await send(r.hs, r.alice, r.roomId, "members only"))).some((n) => n.startsWith("dave")), `not ${outsider.userId}, who is not in the room`);
});

await forEachDatabase(t, "an @mention is orange for the one mentioned, blue for the rest", async (t, db) => {
  const r = await room(t, db);
  const mentions = await send(r.hs, r.alice, r.roomId, text("can you look", { "m.mentions": { user_ids: [r.bob.userId] } }));
  t.strictSame(await notified(db, mentions), ["bob:orange", "carol:blue"], "m.mentions.user_ids");
  t.strictSame(await notified(db, await send(r.hs, r.alice, r.roomId, "@bob can you look")), ["bob:orange", "carol:blue"], "@username in the body (no m.mentions)");
  t.strictSame(await notified(db, await send(r.hs, r.alice, r.roomId, `${r.bob.userId}: look`)), ["bob:orange", "carol:blue"], "the full user ID in the body");
  t.strictSame(await notified(db, await send(r.hs, r.alice, r.roomId, text("@bob can you look", { "m.mentions": {} }))), ["bob:blue", "carol:blue"], "a client that sends m.mentions mentions nobody here");
  t.strictSame(await notified(db, await send(r.hs, r.alice, r.roomId, "bobby tables")), ["bob:blue", "carol:blue"], "word-bounded: bobby is not bob");

  // The display name the mentioned user has in the room when the message is sent.
  await expectOk("displayname", await r.hs.request("PUT", `${V3}/profile/${encodeURIComponent(r.bob.userId)}/displayname`, { token: r.bob.accessToken, body: { displayname: "Robert Smith" } }));
  t.strictSame(await notified(db, await latest(db, r.roomId, "m.room.member")), [], "a display name change notifies nobody");
  t.strictSame(await notified(db, await send(r.hs, r.carol, r.roomId, "Robert Smith, line 2")), ["alice:blue", "bob:orange"], "display name in the body");
  await expectOk("displayname", await r.hs.request("PUT", `${V3}/profile/${encodeURIComponent(r.bob.userId)}/displayname`, { token: r.bob.accessToken, body: { displayname: "Dr B" } }));
  t.strictSame(await notified(db, await send(r.hs, r.carol, r.roomId, "Robert Smith, line 2")), ["alice:blue", "bob:blue"], "an old name no longer highlights");
  t.strictSame(await notified(db, await send(r.hs, r.bob, r.roomId, text("note to self, Dr B", { "m.mentions": { user_ids: [r.bob.userId] } }))), ["alice:blue", "carol:blue"], "never one's own message");
});

await forEachDatabase(t, "@room is orange for everyone only from someone with the power to notify the room", async (t, db) => {
  const r = await room(t, db);
  // public_chat: alice (creator) has power 100, the others 0; notifying the room needs 50.
  t.strictSame(await notified(db, await send(r.hs, r.alice, r.roomId, text("all hands", { "m.mentions": { room: true } }))), ["bob:orange", "carol:orange"]);
  t.strictSame(await notified(db, await send(r.hs, r.carol, r.roomId, text("all hands", { "m.mentions": { room: true } }))), ["alice:blue", "bob:blue"], "carol may not notify the room");
  t.strictSame(await notified(db, await send(r.hs, r.alice, r.roomId, "@room all hands")), ["bob:orange", "carol:orange"], "@room in the body (no m.mentions)");
  t.strictSame(await notified(db, await send(r.hs, r.carol, r.roomId, "@room all hands")), ["alice:blue", "bob:blue"]);
  const levels = (await r.hs.request("GET", roomPath(r.roomId, "/state/m.room.power_levels/"), { token: r.alice.accessToken })).json;
  await setState(r.hs, r.alice, r.roomId, "m.room.power_levels", { ...levels, notifications: { room: 0 } });
  t.strictSame(await notified(db, await send(r.hs, r.carol, r.roomId, "@room all hands")), ["alice:orange", "bob:orange"], "once the room lets everyone notify it");
});

await forEachDatabase(t, "joins, leaves, invites, kicks and topic changes are events the others are told of (blue)", async (t, db) => {
  const r = await room(t, db);
  const dave = await r.hs.registerUser("dave");
  await membership(r.hs, dave, r.roomId, "join");
  t.strictSame(await notified(db, await latest(db, r.roomId, "m.room.member")), ["alice:blue", "bob:blue", "carol:blue"], "a join, not for the joiner");
  await membership(r.hs, dave, r.roomId, "leave");
  t.strictSame(await notified(db, await latest(db, r.roomId, "m.room.member")), ["alice:blue", "bob:blue", "carol:blue"], "a leave");
  t.strictSame(await notified(db, await setState(r.hs, r.alice, r.roomId, "m.room.topic", { topic: "Front desk" })), ["bob:blue", "carol:blue"], "a topic change");
  t.strictSame(await notified(db, await setState(r.hs, r.alice, r.roomId, "m.room.name", { name: "Desk" })), [], "other state changes stay quiet");
  await invite(r.hs, r.alice, r.roomId, dave.userId);
  t.strictSame(await notified(db, await latest(db, r.roomId, "m.room.member")), ["bob:blue", "carol:blue", "dave:blue"], "an invite: the invitee and the members");
  await expectOk("kick", await r.hs.request("POST", roomPath(r.roomId, "/kick"), { token: r.alice.accessToken, body: { user_id: r.carol.userId } }));
  t.strictSame(await notified(db, await latest(db, r.roomId, "m.room.member")), ["bob:blue"], "a kick: not the one kicked, who is out");

  // /sync counts them; a read receipt clears them.
  const sync = await expectOk("sync", await r.hs.request("GET", `${V3}/sync`, { token: r.bob.accessToken }));
  // After bob's own join: carol's join, dave's join and leave, the topic, dave's invite, carol's kick.
  t.strictSame(sync.rooms.join[r.roomId].unread_notifications, { notification_count: 6, highlight_count: 0 });
  const last = await latest(db, r.roomId, "m.room.member");
  await expectOk("receipt", await r.hs.request("POST", roomPath(r.roomId, `/receipt/m.read/${encodeURIComponent(last)}`), { token: r.bob.accessToken, body: {} }));
  const read = await expectOk("sync", await r.hs.request("GET", `${V3}/sync`, { token: r.bob.accessToken }));
  t.strictSame(read.rooms.join[r.roomId].unread_notifications, { notification_count: 0, highlight_count: 0 });
});

await forEachDatabase(t, "muting a room through push rules silences it", async (t, db) => {
  const r = await room(t, db);
  const rule = (kind: string, id: string) => `${V3}/pushrules/global/${kind}/${encodeURIComponent(id)}`;
  // "Mentions only": a room rule without actions silences messages and membership, not mentions.
  await expectOk("room rule", await r.hs.request("PUT", rule("room", r.roomId), { token: r.bob.accessToken, body: { actions: [] } }));
  t.strictSame(await notified(db, await send(r.hs, r.alice, r.roomId, "hello")), ["carol:blue"], "bob's room is quiet");
  t.strictSame(await notified(db, await setState(r.hs, r.alice, r.roomId, "m.room.topic", { topic: "t" })), ["carol:blue"]);
  const dave = await r.hs.registerUser("dave");
  await membership(r.hs, dave, r.roomId, "join");
  t.strictSame(await notified(db, await latest(db, r.roomId, "m.room.member")), ["alice:blue", "carol:blue"]);
  t.strictSame(await notified(db, await send(r.hs, r.alice, r.roomId, text("bob?", { "m.mentions": { user_ids: [r.bob.userId] } }))), ["bob:orange", "carol:blue", "dave:blue"], "a mention still reaches bob");

  // Muted outright: an override rule for the room (what Element's "mute" writes).
  await expectOk("override", await r.hs.request("PUT", rule("override", r.roomId), {
    token: r.carol.accessToken,
    body: { conditions: [{ kind: "event_match", key: "room_id", pattern: r.roomId }], actions: [] },
  }));
  t.strictSame(await notified(db, await send(r.hs, r.alice, r.roomId, text("carol?", { "m.mentions": { user_ids: [r.carol.userId] } }))), ["dave:blue"], "not even a mention reaches carol");
  t.strictSame(await notified(db, await send(r.hs, r.alice, r.roomId, "@room fire drill")), ["bob:orange", "dave:orange"], "bob, mentions only, hears @room");

  // Ward's membership rule is a default rule like any other: a user may turn it off.
  await expectOk("disable", await r.hs.request("PUT", `${rule("underride", ".org.ward.rule.member_event")}/enabled`, { token: dave.accessToken, body: { enabled: false } }));
  await membership(r.hs, r.alice, r.roomId, "leave");
  t.strictSame(await notified(db, await latest(db, r.roomId, "m.room.member")), [], "nobody: bob and carol muted, dave turned joins and leaves off");
});
