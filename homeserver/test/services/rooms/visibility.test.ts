import t from "tap";
import { filterVisibleEvents, roomMembershipOf } from "../../../src/services/rooms/visibility.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { recordStatements } from "../../helpers/statements.js";
import { roomsFixture, type RoomsFixture } from "./fixtures.js";

/** Which of the room's events (by label) `userId` may see. */
async function visibleLabels(f: RoomsFixture, roomId: string, userId: string, labels: Map<string, string>): Promise<string[]> {
  const rows = await f.events(roomId);
  const visible = await filterVisibleEvents(f.ctx.db, userId, roomId, rows);
  return rows.filter((r) => visible.has(r.eventId) && labels.has(r.eventId)).map((r) => labels.get(r.eventId)!);
}

async function scenario(t: Tap, f: RoomsFixture, historyVisibility: string) {
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const roomId = await f.makeRoom(alice, { initial_state: [{ type: "m.room.history_visibility", content: { history_visibility: historyVisibility } }] });
  const labels = new Map<string, string>();
  const say = async (label: string) => labels.set(await f.rooms.send(f.sender(alice), roomId, "m.room.message", label, { msgtype: "m.text", body: label }), label);
  await say("before invite");
  await f.rooms.invite(alice, roomId, bob);
  await say("while invited");
  await f.rooms.join(bob, roomId);
  await say("while joined");
  await f.rooms.leave(bob, roomId);
  await say("after leaving");
  return { roomId, bob, labels };
}
type Tap = Parameters<Parameters<typeof forEachDatabase>[2]>[0];

await forEachDatabase(t, "shared: everything up to leaving, because bob joined later", async (t, db) => {
  const f = await roomsFixture(t, db);
  const { roomId, bob, labels } = await scenario(t, f, "shared");
  t.same(await visibleLabels(f, roomId, bob, labels), ["before invite", "while invited", "while joined"]);
});

await forEachDatabase(t, "invited: from the invite on, until leaving", async (t, db) => {
  const f = await roomsFixture(t, db);
  const { roomId, bob, labels } = await scenario(t, f, "invited");
  t.same(await visibleLabels(f, roomId, bob, labels), ["while invited", "while joined"]);
});

await forEachDatabase(t, "joined: only while joined; own membership events always", async (t, db) => {
  const f = await roomsFixture(t, db);
  const { roomId, bob, labels } = await scenario(t, f, "joined");
  t.same(await visibleLabels(f, roomId, bob, labels), ["while joined"]);
  const rows = await f.events(roomId);
  const visible = await filterVisibleEvents(db, bob, roomId, rows);
  const own = rows.filter((r) => r.type === "m.room.member" && r.stateKey === bob);
  t.same(own.map((r) => [r.membership, visible.has(r.eventId)]), [["invite", false], ["join", true], ["leave", true]]);
});

await forEachDatabase(t, "world_readable: visible to users never in the room", async (t, db) => {
  const f = await roomsFixture(t, db);
  const { roomId, labels } = await scenario(t, f, "world_readable");
  const carol = await f.user("carol");
  t.same(await visibleLabels(f, roomId, carol, labels), ["before invite", "while invited", "while joined", "after leaving"]);
  t.equal(await roomMembershipOf(db, carol, roomId), null);
});

await forEachDatabase(t, "a history_visibility change is visible if the setting before OR after allows it", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const carol = await f.user("carol");
  const roomId = await f.makeRoom(alice, { preset: "public_chat" });
  const open = await f.rooms.putState(f.sender(alice), roomId, "m.room.history_visibility", "", { history_visibility: "world_readable" });
  const m1 = await f.rooms.send(f.sender(alice), roomId, "m.room.message", "m1", { msgtype: "m.text", body: "public" });
  const close = await f.rooms.putState(f.sender(alice), roomId, "m.room.history_visibility", "", { history_visibility: "joined" });
  const m2 = await f.rooms.send(f.sender(alice), roomId, "m.room.message", "m2", { msgtype: "m.text", body: "members only" });
  const rows = (await f.events(roomId)).filter((r) => [open, m1, close, m2].includes(r.eventId));
  const visible = await filterVisibleEvents(db, carol, roomId, rows);
  t.same([open, m1, close, m2].map((id) => visible.has(id)), [true, true, true, false]);
});

await forEachDatabase(t, "a page of events costs one query, whatever its length", async (t, db) => {
  const f = await roomsFixture(t, db);
  const { roomId, bob } = await scenario(t, f, "shared");
  const rows = await f.events(roomId);
  const { q, statements } = recordStatements(db);
  await filterVisibleEvents(q, bob, roomId, rows);
  t.equal(statements.length, 1);
  t.equal((await filterVisibleEvents(q, bob, roomId, [])).size, 0);
  t.equal(statements.length, 1, "an empty page costs nothing");
  t.equal(await roomMembershipOf(db, bob, roomId), "leave");
});
