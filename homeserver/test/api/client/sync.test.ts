/**
 * GET /sync: response shapes, tokens and long-polling, through the real API
 * on both database drivers.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { eventsTable } from "../../../src/store/tables/events.js";
import { bodies, createRoom, expectOk, send, sync, syncPath, types, type SyncResponse } from "./sync-fixtures.js";

const sorted = (o: object | undefined) => Object.keys(o ?? {}).sort();

await forEachDatabase(t, "initial sync: exact shape, limited timeline, state at its start", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  // createRoom writes 7 events (create, member, power levels, join rules, history visibility, guest access, name).
  const roomId = await createRoom(hs, alice, { name: "Ward" });
  for (let i = 1; i <= 5; i++) await send(hs, alice, roomId, `m${i}`, { txnId: `txn${i}` });
  const res = await sync(hs, alice);

  t.same(sorted(res), ["account_data", "next_batch", "presence", "rooms"]);
  t.same(sorted(res.rooms), ["invite", "join", "knock", "leave"]);
  t.same(sorted(res.rooms?.join), [roomId]);
  const room = res.rooms?.join?.[roomId];
  t.same(sorted(room), ["account_data", "ephemeral", "state", "summary", "timeline", "unread_notifications"]);
  t.same(sorted(room?.timeline), ["events", "limited", "prev_batch"]);
  t.equal(room?.timeline?.limited, true, "12 events, default limit 10");
  t.same(types(room?.timeline?.events), [
    "m.room.power_levels|", "m.room.join_rules|", "m.room.history_visibility|", "m.room.guest_access|", "m.room.name|",
    "m.room.message", "m.room.message", "m.room.message", "m.room.message", "m.room.message",
  ]);
  t.same(bodies(room?.timeline?.events), ["m1", "m2", "m3", "m4", "m5"]);
  t.same(types(room?.state?.events), ["m.room.create|", `m.room.member|${alice.userId}`], "state at the START of the timeline");
  const firstId = room?.timeline?.events[0]?.event_id ?? "";
  const first = await eventsTable.get(db, firstId);
  t.equal(room?.timeline?.prev_batch, `s${(first?.streamPos ?? 0) - 1}`, "prev_batch: the position just before the first event");
  t.same(room?.ephemeral, { events: [] });
  t.same(room?.account_data, { events: [] });
  t.same(room?.unread_notifications, { notification_count: 0, highlight_count: 0 });
  t.same(room?.summary, { "m.heroes": [], "m.joined_member_count": 1, "m.invited_member_count": 0 });
  const event = room?.timeline?.events[5];
  t.same(sorted(event), ["content", "event_id", "origin_server_ts", "sender", "type", "unsigned"], "client format without room_id");
  t.equal(event?.unsigned?.transaction_id, "txn1", "own events carry the device's transaction ID");
  const otherDevice = await hs.services.accounts.openSession({ userId: alice.userId });
  const seenElsewhere = await sync(hs, { ...alice, accessToken: otherDevice.accessToken, deviceId: otherDevice.deviceId });
  t.equal(seenElsewhere.rooms?.join?.[roomId]?.timeline?.events[5]?.unsigned?.transaction_id, undefined, "only for the sending device");
  t.same((res.presence?.events ?? []).map((e) => [e.type, e.sender, e.content.presence]), [["m.presence", alice.userId, "online"]], "syncing made alice online");
  t.same(res.account_data?.events?.map((e) => e.type), ["m.push_rules"]);
  const [head] = await db.query<{ position: number }>("SELECT position FROM stream_head");
  t.match(res.next_batch, new RegExp(`^s${head?.position}_t[A-Za-z0-9.-]+$`), "the stream position and the typing mark");
});

await forEachDatabase(t, "incremental sync: only what changed", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const quiet = await createRoom(hs, alice, { name: "quiet" });
  const busy = await createRoom(hs, alice, { name: "busy" });
  const first = await sync(hs, alice);
  const sent = await send(hs, alice, busy, "news");
  const res = await sync(hs, alice, { since: first.next_batch });

  t.same(sorted(res.rooms?.join), [busy], "the quiet room is left out");
  t.not(quiet, busy);
  const room = res.rooms?.join?.[busy];
  t.same(sorted(room), ["account_data", "ephemeral", "state", "timeline", "unread_notifications"], "no summary: membership did not change");
  t.same(room?.timeline?.events.map((e) => e.event_id), [sent]);
  t.equal(room?.timeline?.limited, false);
  t.same(room?.state, { events: [] }, "not limited: no state delta");
  t.same(res.account_data, { events: [] }, "push rules only in the initial sync");
  const again = await sync(hs, alice, { since: res.next_batch });
  t.same(again.rooms, { join: {}, invite: {}, leave: {}, knock: {} });
  t.equal(again.next_batch, res.next_batch, "nothing happened: same token");
});

await forEachDatabase(t, "limited incremental sync: state delta over the gap, /messages closes the gap", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice, { name: "old" });
  const first = await sync(hs, alice);
  await hs.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.name/`, { token: alice.accessToken, body: { name: "new" } });
  const sent: string[] = [];
  for (let i = 1; i <= 12; i++) sent.push(await send(hs, alice, roomId, `m${i}`));
  const res = await sync(hs, alice, { since: first.next_batch, filter: JSON.stringify({ room: { timeline: { limit: 5 } } }) });
  const room = res.rooms?.join?.[roomId];
  t.equal(room?.timeline?.limited, true);
  t.same(bodies(room?.timeline?.events), ["m8", "m9", "m10", "m11", "m12"]);
  t.same(types(room?.state?.events), ["m.room.name|"], "the name changed in the gap");
  t.same(room?.state?.events?.[0]?.content, { name: "new" });
  t.same(room?.state?.events?.[0]?.unsigned?.prev_content, { name: "old" });

  // Fill the gap: from prev_batch back to the previous sync's token, in pages of 3.
  const gap: string[] = [];
  let from = room?.timeline?.prev_batch;
  for (let pages = 0; from !== undefined && pages < 10; pages++) {
    const page = await expectOk("messages", await hs.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=3&from=${from}&to=${first.next_batch}`, { token: alice.accessToken }));
    gap.push(...page.chunk.map((e: { event_id: string }) => e.event_id));
    from = page.end;
  }
  const nameEvent = (await db.query<{ event_id: string }>("SELECT event_id FROM events WHERE type = 'm.room.name' ORDER BY stream_pos DESC LIMIT 1"))[0]?.event_id;
  t.same(gap.reverse(), [nameEvent, ...sent.slice(0, 7)], "exactly the missing events, no gap, no duplicate");
});

await forEachDatabase(t, "use_state_after: state at the END of the timeline, and no `state`", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice, { name: "after" });
  const res = await sync(hs, alice, { use_state_after: true });
  const room = res.rooms?.join?.[roomId];
  t.same(sorted(room), ["account_data", "ephemeral", "state_after", "summary", "timeline", "unread_notifications"]);
  t.same(types(room?.state_after?.events).sort(), [
    "m.room.create|", "m.room.guest_access|", "m.room.history_visibility|", "m.room.join_rules|",
    `m.room.member|${alice.userId}`, "m.room.name|", "m.room.power_levels|",
  ], "all of it, also what the timeline holds");
  const since = res.next_batch;
  await send(hs, alice, roomId, "hi");
  const inc = await sync(hs, alice, { since, use_state_after: true });
  t.same(inc.rooms?.join?.[roomId]?.state_after, { events: [] }, "present even when empty");
});

await forEachDatabase(t, "tokens: malformed or from the future → 400 M_INVALID_PARAM", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  for (const since of ["abc", "s", "s-1", "s01", "s1x", "1", "s99999999999999999999"]) {
    const res = await hs.request("GET", syncPath({ since }), { token: alice.accessToken });
    t.equal(res.status, 400, `since=${since}`);
    t.equal(res.json.errcode, "M_INVALID_PARAM", `since=${since}`);
  }
  const future = await hs.request("GET", syncPath({ since: "s999999" }), { token: alice.accessToken });
  t.same([future.status, future.json.errcode], [400, "M_INVALID_PARAM"]);
  const noToken = await hs.request("GET", syncPath());
  t.same([noToken.status, noToken.json.errcode], [401, "M_MISSING_TOKEN"]);
  const badTimeout = await hs.request("GET", syncPath({ timeout: -1 }), { token: alice.accessToken });
  t.equal(badTimeout.status, 400);
});

await forEachDatabase(t, "long-poll wakes on a new message, well before the timeout", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice);
  const first = await sync(hs, alice);
  const started = Date.now();
  const polling = sync(hs, alice, { since: first.next_batch, timeout: 20_000 });
  await new Promise((r) => setTimeout(r, 200));
  const sent = await send(hs, alice, roomId, "wake up");
  const res = await polling;
  t.ok(Date.now() - started < 10_000, "returned on the message, not at the timeout");
  t.same(res.rooms?.join?.[roomId]?.timeline?.events.map((e) => e.event_id), [sent]);
});

await forEachDatabase(t, "long-poll wakes on an invite (a room the user is not in yet)", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice);
  const first = await sync(hs, bob);
  const started = Date.now();
  const polling = sync(hs, bob, { since: first.next_batch, timeout: 20_000 });
  await new Promise((r) => setTimeout(r, 200));
  await hs.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, { token: alice.accessToken, body: { user_id: bob.userId } });
  const res = await polling;
  t.ok(Date.now() - started < 10_000);
  t.same(sorted(res.rooms?.invite), [roomId]);
});

await forEachDatabase(t, "long-poll returns at the timeout with the same next_batch when nothing happens", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  await createRoom(hs, alice);
  const first = await sync(hs, alice);
  const res = await sync(hs, alice, { since: first.next_batch, timeout: 300 });
  t.equal(res.next_batch, first.next_batch);
  t.same(res, { next_batch: first.next_batch, rooms: { join: {}, invite: {}, leave: {}, knock: {} }, account_data: { events: [] }, presence: { events: [] } });
  // Activity that does not concern alice: her token may move on, but nothing is reported.
  const bobRoom = await createRoom(hs, bob);
  const polling = sync(hs, alice, { since: first.next_batch, timeout: 300 });
  await send(hs, bob, bobRoom, "not for alice");
  const other = await polling;
  t.same(other.rooms, { join: {}, invite: {}, leave: {}, knock: {} });
});

await forEachDatabase(t, "long-poll ends with 401 M_UNKNOWN_TOKEN when the session is revoked", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const first = await sync(hs, alice);
  const started = Date.now();
  const polling = hs.request("GET", syncPath({ since: first.next_batch, timeout: 20_000 }), { token: alice.accessToken });
  await new Promise((r) => setTimeout(r, 200));
  await expectOk("logout", await hs.request("POST", "/_matrix/client/v3/logout", { token: alice.accessToken, body: {} }));
  const res = await polling;
  t.ok(Date.now() - started < 10_000);
  t.same([res.status, res.json.errcode], [401, "M_UNKNOWN_TOKEN"]);
});

await forEachDatabase(t, "long-poll returns what it has on shutdown", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const first = await sync(hs, alice);
  const started = Date.now();
  const polling = hs.request<SyncResponse>("GET", syncPath({ since: first.next_batch, timeout: 20_000 }), { token: alice.accessToken });
  await new Promise((r) => setTimeout(r, 200));
  // What main.ts does on SIGTERM: drain (aborts request signals) and end the notifier's waits.
  hs.app.lifecycle.beginDrain();
  hs.context.notifier.shutdown();
  const res = await polling;
  t.ok(Date.now() - started < 10_000);
  t.equal(res.status, 200);
  t.equal(res.json.next_batch, first.next_batch);
});

await forEachDatabase(t, "an event committed during a long-poll's computation is not skipped", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice);
  let token = (await sync(hs, alice)).next_batch;
  const sent: string[] = [];
  const seen: string[] = [];
  const sending = (async () => {
    for (let i = 0; i < 15; i++) sent.push(await send(hs, alice, roomId, `c${i}`));
  })();
  let done = false;
  void sending.then(() => (done = true));
  for (let rounds = 0; rounds < 100 && (!done || seen.length < sent.length); rounds++) {
    const res = await sync(hs, alice, { since: token, timeout: 2000, filter: JSON.stringify({ room: { timeline: { limit: 50 } } }) });
    seen.push(...(res.rooms?.join?.[roomId]?.timeline?.events ?? []).map((e) => e.event_id));
    token = res.next_batch;
  }
  await sending;
  t.same(seen, sent, "every event exactly once, in order");
});
