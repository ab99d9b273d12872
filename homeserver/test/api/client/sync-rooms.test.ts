/**
 * GET /sync: the invite, join and leave sections as memberships change,
 * history visibility, and lazy-loaded members.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { bodies, createRoom, invite, membership, send, setState, sync, types } from "./sync-fixtures.js";

const sorted = (o: object | undefined) => Object.keys(o ?? {}).sort();

await forEachDatabase(t, "invite_state: stripped state, the inviter and the invitee's own member event", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { name: "Secret", topic: "plans" });
  await send(hs, alice, roomId, "not for invitees");
  const before = await sync(hs, bob);
  t.same(before.rooms?.invite, {});
  await invite(hs, alice, roomId, bob.userId);
  const res = await sync(hs, bob, { since: before.next_batch });
  t.same(sorted(res.rooms?.invite), [roomId]);
  t.same(res.rooms?.join, {});
  const events = res.rooms?.invite?.[roomId]?.invite_state?.events ?? [];
  t.same(sorted(res.rooms?.invite?.[roomId]), ["invite_state"]);
  for (const e of events) t.same(sorted(e), ["content", "sender", "state_key", "type"], `${e.type} is stripped`);
  t.same(types(events).sort(), [
    "m.room.create|", "m.room.join_rules|", `m.room.member|${alice.userId}`, `m.room.member|${bob.userId}`, "m.room.name|", "m.room.topic|",
  ]);
  t.same(events.find((e) => e.state_key === bob.userId), { type: "m.room.member", state_key: bob.userId, sender: alice.userId, content: { membership: "invite" } });
  t.same(events.find((e) => e.type === "m.room.name")?.content, { name: "Secret" });
  const initial = await sync(hs, bob);
  t.same(sorted(initial.rooms?.invite), [roomId], "pending invites are in every initial sync");
  const again = await sync(hs, bob, { since: res.next_batch });
  t.same(again.rooms?.invite, {}, "and once in the incremental stream");
});

await forEachDatabase(t, "joining: the room arrives in join with its whole state; leaving: in leave with the leave event", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { name: "Team", preset: "public_chat" });
  for (let i = 1; i <= 12; i++) await send(hs, alice, roomId, `old${i}`);
  const before = await sync(hs, bob);
  await membership(hs, bob, roomId, "join");
  const joined = await sync(hs, bob, { since: before.next_batch });
  const room = joined.rooms?.join?.[roomId];
  t.same(sorted(room), ["account_data", "ephemeral", "state", "summary", "timeline", "unread_notifications"]);
  t.equal(room?.timeline?.limited, true);
  t.same(types(room?.timeline?.events).slice(-1), [`m.room.member|${bob.userId}`], "the timeline ends with bob's join");
  t.same(bodies(room?.timeline?.events), ["old4", "old5", "old6", "old7", "old8", "old9", "old10", "old11", "old12"], "shared history is visible");
  t.same(types(room?.state?.events).sort(), [
    "m.room.create|", "m.room.guest_access|", "m.room.history_visibility|", "m.room.join_rules|", `m.room.member|${alice.userId}`, "m.room.name|", "m.room.power_levels|",
  ], "the whole state at the start of the timeline");
  t.same(room?.summary, { "m.heroes": [alice.userId], "m.joined_member_count": 2, "m.invited_member_count": 0 });

  await membership(hs, bob, roomId, "leave");
  await send(hs, alice, roomId, "after bob left");
  const left = await sync(hs, bob, { since: joined.next_batch });
  t.same(left.rooms?.join, {});
  t.same(sorted(left.rooms?.leave), [roomId]);
  const leaveEntry = left.rooms?.leave?.[roomId];
  t.same(sorted(leaveEntry), ["account_data", "state", "timeline"]);
  t.same(types(leaveEntry?.timeline?.events), [`m.room.member|${bob.userId}`], "up to the leave, not after");
  t.equal(leaveEntry?.timeline?.events[0]?.content.membership, "leave");

  const initial = await sync(hs, bob);
  t.same(initial.rooms?.leave, {}, "an initial sync leaves left rooms out…");
  const withLeave = await sync(hs, bob, { filter: JSON.stringify({ room: { include_leave: true } }) });
  t.same(sorted(withLeave.rooms?.leave), [roomId], "…unless include_leave");
  t.same(bodies(withLeave.rooms?.leave?.[roomId]?.timeline?.events).includes("after bob left"), false);
  t.ok((withLeave.rooms?.leave?.[roomId]?.state?.events?.length ?? 0) > 0, "bob was in the room: he gets its state");
  await membership(hs, bob, roomId, "forget");
  const forgotten = await sync(hs, bob, { filter: JSON.stringify({ room: { include_leave: true } }) });
  t.same(forgotten.rooms?.leave, {}, "forgotten rooms never appear");
});

await forEachDatabase(t, "a rejected invite appears in leave without the room's state", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { name: "No thanks" });
  await invite(hs, alice, roomId, bob.userId);
  const invited = await sync(hs, bob);
  await membership(hs, bob, roomId, "leave");
  const res = await sync(hs, bob, { since: invited.next_batch });
  t.same(sorted(res.rooms?.leave), [roomId]);
  t.same(types(res.rooms?.leave?.[roomId]?.timeline?.events), [`m.room.member|${bob.userId}`]);
  t.same(res.rooms?.leave?.[roomId]?.state, { events: [] });
});

await forEachDatabase(t, "history visibility: `joined` hides what came before the join, in /sync and /messages", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await setState(hs, alice, roomId, "m.room.history_visibility", { history_visibility: "joined" });
  await send(hs, alice, roomId, "before bob");
  await membership(hs, bob, roomId, "join");
  await send(hs, alice, roomId, "after bob");
  const res = await sync(hs, bob);
  const room = res.rooms?.join?.[roomId];
  t.same(bodies(room?.timeline?.events), ["after bob"]);
  // The room's first events came while history was still `shared`: bob, joining later, may see those.
  t.same(types(room?.timeline?.events).slice(-3), ["m.room.history_visibility|", `m.room.member|${bob.userId}`, "m.room.message"]);
  const page = await hs.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=50`, { token: bob.accessToken });
  t.same(bodies(page.json.chunk), ["after bob"]);
  t.equal(page.json.chunk.length, room?.timeline?.events.length, "/messages hides the same events");
  const alicePage = await hs.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=50`, { token: alice.accessToken });
  t.same(bodies(alicePage.json.chunk), ["after bob", "before bob"], "alice was there");
});

await forEachDatabase(t, "state changes outside a filtered timeline still reach the client", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice, { name: "one" });
  const filter = JSON.stringify({ room: { timeline: { types: ["m.room.message"] } } });
  const first = await sync(hs, alice, { filter });
  await send(hs, alice, roomId, "a");
  await setState(hs, alice, roomId, "m.room.name", { name: "two" });
  await send(hs, alice, roomId, "b");
  const res = await sync(hs, alice, { since: first.next_batch, filter });
  const room = res.rooms?.join?.[roomId];
  t.same(types(room?.timeline?.events), ["m.room.message", "m.room.message"]);
  t.same(types(room?.state?.events), ["m.room.name|"]);
  t.same(room?.state?.events?.[0]?.content, { name: "two" });
});

await forEachDatabase(t, "lazy_load_members: only the senders' member events (and one's own)", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const carol = await hs.registerUser("carol");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  await membership(hs, carol, roomId, "join");
  for (let i = 0; i < 10; i++) await send(hs, bob, roomId, `bob${i}`);
  const lazy = JSON.stringify({ room: { state: { lazy_load_members: true }, timeline: { limit: 5 } } });
  const res = await sync(hs, carol, { filter: lazy });
  const room = res.rooms?.join?.[roomId];
  t.same(bodies(room?.timeline?.events), ["bob5", "bob6", "bob7", "bob8", "bob9"]);
  const members = (room?.state?.events ?? []).filter((e) => e.type === "m.room.member").map((e) => e.state_key).sort();
  t.same(members, [alice.userId, bob.userId, carol.userId].sort(), "bob (sender), carol (self), alice (hero)");
  const full = await sync(hs, carol, { filter: JSON.stringify({ room: { timeline: { limit: 5 } } }) });
  t.equal((full.rooms?.join?.[roomId]?.state?.events ?? []).filter((e) => e.type === "m.room.member").length, 3);

  await send(hs, bob, roomId, "one more");
  const next = await sync(hs, carol, { since: res.next_batch, filter: lazy });
  const nextRoom = next.rooms?.join?.[roomId];
  t.same(bodies(nextRoom?.timeline?.events), ["one more"]);
  t.same(types(nextRoom?.state?.events), [`m.room.member|${bob.userId}`], "incremental: the sender's member event, nobody else's");
});

await forEachDatabase(t, "room filters: rooms / not_rooms choose the rooms", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const a = await createRoom(hs, alice);
  const b = await createRoom(hs, alice);
  t.same(sorted((await sync(hs, alice, { filter: JSON.stringify({ room: { rooms: [a] } }) })).rooms?.join), [a]);
  t.same(sorted((await sync(hs, alice, { filter: JSON.stringify({ room: { not_rooms: [a] } }) })).rooms?.join), [b]);
  t.same(sorted((await sync(hs, alice, { filter: JSON.stringify({ room: { rooms: [] } }) })).rooms?.join), []);
});
