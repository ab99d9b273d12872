import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { errorOf, roomsFixture } from "./fixtures.js";

await forEachDatabase(t, "members see the room now; others see nothing; leavers see it as they left it", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice", "Alice");
  const bob = await f.user("bob", "Bob");
  const carol = await f.user("carol");
  const roomId = await f.makeRoom(alice, { preset: "public_chat", topic: "first" });
  await f.rooms.join(bob, roomId);
  const state = await f.rooms.state(bob, roomId);
  t.same(state.map((e) => [e.type, e.state_key]).sort(), [
    ["m.room.create", ""], ["m.room.guest_access", ""], ["m.room.history_visibility", ""], ["m.room.join_rules", ""],
    ["m.room.member", alice], ["m.room.member", bob], ["m.room.power_levels", ""], ["m.room.topic", ""],
  ].sort());
  t.ok(state.every((e) => e.room_id === roomId && !("hashes" in e) && !("prev_events" in e)), "client format");

  const denied = { status: 403, errcode: "M_FORBIDDEN", message: "You are not in this room" };
  t.same(await errorOf(f.rooms.state(carol, roomId)), denied);
  t.same(await errorOf(f.rooms.members(carol, roomId, {})), denied);
  t.same(await errorOf(f.rooms.joinedMembers(carol, roomId)), denied);
  t.same(await errorOf(f.rooms.stateEvent(carol, roomId, "m.room.topic", "")), denied);
  // carol may know this public room exists; an unknown room is not found (as a private one would be: messenger/visibility.ts).
  t.same(await errorOf(f.rooms.state(carol, "!nowhere:localhost")), { status: 404, errcode: "M_NOT_FOUND", message: "Room not found" }, "unknown room");

  await f.rooms.leave(bob, roomId);
  await f.rooms.putState(f.sender(alice), roomId, "m.room.topic", "", { topic: "second" });
  await f.rooms.join(carol, roomId);
  t.same((await f.rooms.stateEvent(bob, roomId, "m.room.topic", ""))?.content.topic, "first");
  t.same((await f.rooms.stateEvent(alice, roomId, "m.room.topic", ""))?.content.topic, "second");
  t.same((await f.rooms.members(bob, roomId, {})).map((e) => [e.state_key, e.content.membership]).sort(), [[alice, "join"], [bob, "leave"]]);
  t.same(
    await errorOf(f.rooms.joinedMembers(bob, roomId)),
    { status: 403, errcode: "M_FORBIDDEN", message: "You are not a member of this room" },
    "the live joined list is for members only",
  );
  t.same(await f.rooms.joinedMembers(alice, roomId), { [alice]: { display_name: "Alice" }, [carol]: {} });
  t.equal(await f.rooms.stateEvent(alice, roomId, "m.room.name", ""), null);

  await f.rooms.forget(bob, roomId);
  t.same(await errorOf(f.rooms.state(bob, roomId)), denied, "forgotten rooms are gone");
});

await forEachDatabase(t, "members: membership, not_membership and at filters", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const carol = await f.user("carol");
  const roomId = await f.makeRoom(alice, { invite: [bob] });
  const at = (await f.events(roomId)).at(-1)!.streamPos;
  await f.rooms.invite(alice, roomId, carol);
  await f.rooms.join(bob, roomId);
  const list = async (filter: object) => (await f.rooms.members(alice, roomId, filter)).map((e) => `${e.state_key}=${e.content.membership}`).sort();
  t.same(await list({}), [`${alice}=join`, `${bob}=join`, `${carol}=invite`]);
  t.same(await list({ membership: "join" }), [`${alice}=join`, `${bob}=join`]);
  t.same(await list({ notMembership: "join" }), [`${carol}=invite`]);
  t.same(await list({ at }), [`${alice}=join`, `${bob}=invite`]);
});

await forEachDatabase(t, "single events follow history visibility", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const carol = await f.user("carol");
  const roomId = await f.makeRoom(alice, { preset: "public_chat", initial_state: [{ type: "m.room.history_visibility", content: { history_visibility: "joined" } }] });
  const early = await f.rooms.send(f.sender(alice), roomId, "m.room.message", "e", { msgtype: "m.text", body: "early" });
  await f.rooms.join(bob, roomId);
  const late = await f.rooms.send(f.sender(alice), roomId, "m.room.message", "l", { msgtype: "m.text", body: "late" });
  const seen = await f.rooms.event(bob, roomId, late);
  t.same({ id: seen.event_id, room: seen.room_id, body: seen.content.body, sender: seen.sender }, { id: late, room: roomId, body: "late", sender: alice });
  t.same(await errorOf(f.rooms.event(bob, roomId, early)), { status: 404, errcode: "M_NOT_FOUND", message: "Event not found" });
  t.same(await errorOf(f.rooms.event(carol, roomId, late)), { status: 403, errcode: "M_FORBIDDEN", message: "You are not in this room" });
  const other = await f.makeRoom(alice);
  t.same(await errorOf(f.rooms.event(alice, other, late)), { status: 404, errcode: "M_NOT_FOUND", message: "Event not found" }, "event of another room");
});
