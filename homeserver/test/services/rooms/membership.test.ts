import t from "tap";
import { currentStateTable } from "../../../src/store/tables/current-state.js";
import { forgottenTable } from "../../../src/store/tables/forgotten.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { errorOf, roomsFixture, type RoomsFixture } from "./fixtures.js";

async function membership(f: RoomsFixture, roomId: string, userId: string) {
  const row = await currentStateTable.get(f.ctx.db, roomId, "m.room.member", userId);
  if (!row) return null;
  const event = (await f.events(roomId)).find((e) => e.eventId === row.eventId)!;
  return f.contentOf(event);
}

await forEachDatabase(t, "join: public rooms yes, invite-only rooms only when invited", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob", "Bob");
  const pub = await f.makeRoom(alice, { preset: "public_chat" });
  const priv = await f.makeRoom(alice, { preset: "private_chat" });
  t.equal(await f.rooms.join(bob, pub, "hello"), pub);
  t.same(await membership(f, pub, bob), { membership: "join", displayname: "Bob", reason: "hello" });
  const count = (await f.events(pub)).length;
  await f.rooms.join(bob, pub);
  t.equal((await f.events(pub)).length, count, "joining again writes nothing");

  // Never invited: the private room answers like one that does not exist (services/messenger/rules.ts).
  t.same(await errorOf(f.rooms.join(bob, priv)), { status: 404, errcode: "M_NOT_FOUND", message: "Room not found" });
  t.same(await errorOf(f.rooms.join(bob, "!nope:localhost")), { status: 404, errcode: "M_NOT_FOUND", message: "Room not found" });
  await f.rooms.invite(alice, priv, bob, "welcome");
  t.same(await membership(f, priv, bob), { membership: "invite", reason: "welcome" });
  await f.rooms.join(bob, priv);
  t.equal((await membership(f, priv, bob))?.membership, "join");
  t.same(await f.rooms.joinedRooms(bob), [pub, priv].sort());
});

await forEachDatabase(t, "invite needs the invite level; private rooms let any member invite", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const carol = await f.user("carol");
  const pub = await f.makeRoom(alice, { preset: "public_chat" });
  await f.rooms.join(bob, pub);
  t.match(await errorOf(f.rooms.invite(bob, pub, carol)), { status: 403, errcode: "M_FORBIDDEN" });
  const priv = await f.makeRoom(alice, { invite: [bob] });
  await f.rooms.join(bob, priv);
  await f.rooms.invite(bob, priv, carol);
  t.equal((await membership(f, priv, carol))?.membership, "invite");
  // Never in the private room: it is hidden from dave, as an unknown room.
  const dave = await f.user("dave");
  t.match(await errorOf(f.rooms.invite(dave, priv, carol)), { status: 404, errcode: "M_NOT_FOUND" });
  t.match(await errorOf(f.rooms.invite(alice, priv, "@ghost:localhost")), { status: 400, errcode: "M_INVALID_PARAM" });
  t.match(await errorOf(f.rooms.invite(alice, priv, bob)), { status: 403, errcode: "M_FORBIDDEN" }, "already joined");
});

await forEachDatabase(t, "leave; leaving an invite rejects it; leaving twice writes nothing", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const carol = await f.user("carol");
  const roomId = await f.makeRoom(alice, { invite: [bob] });
  await f.rooms.leave(bob, roomId, "not for me");
  t.same(await membership(f, roomId, bob), { membership: "leave", reason: "not for me" });
  const count = (await f.events(roomId)).length;
  await f.rooms.leave(bob, roomId);
  t.equal((await f.events(roomId)).length, count);
  // A private room carol was never in is hidden from her; in a public channel she would get 403.
  t.same(await errorOf(f.rooms.leave(carol, roomId)), { status: 404, errcode: "M_NOT_FOUND", message: "Room not found" });
});

await forEachDatabase(t, "kick and ban need power; bans keep users out until unbanned", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const carol = await f.user("carol");
  const roomId = await f.makeRoom(alice, { preset: "public_chat" });
  await f.rooms.join(bob, roomId);
  await f.rooms.join(carol, roomId);
  t.match(await errorOf(f.rooms.kick(bob, roomId, carol)), { status: 403, errcode: "M_FORBIDDEN" });
  t.match(await errorOf(f.rooms.ban(bob, roomId, carol)), { status: 403, errcode: "M_FORBIDDEN" });
  await f.rooms.kick(alice, roomId, carol, "spam");
  t.same(await membership(f, roomId, carol), { membership: "leave", reason: "spam" });
  t.same(await errorOf(f.rooms.kick(alice, roomId, carol)), { status: 403, errcode: "M_FORBIDDEN", message: `${carol} is not in the room` });

  await f.rooms.ban(alice, roomId, bob, "abuse");
  t.same(await membership(f, roomId, bob), { membership: "ban", reason: "abuse" });
  t.match(await errorOf(f.rooms.join(bob, roomId)), { status: 403, errcode: "M_FORBIDDEN" });
  t.match(await errorOf(f.rooms.leave(bob, roomId)), { status: 403, errcode: "M_FORBIDDEN" }, "a banned user cannot lift the ban by leaving");
  t.same(await errorOf(f.rooms.unban(alice, roomId, carol)), { status: 403, errcode: "M_FORBIDDEN", message: `${carol} is not banned from the room` });
  await f.rooms.unban(alice, roomId, bob, "second chance");
  t.same(await membership(f, roomId, bob), { membership: "leave", reason: "second chance" });
  await f.rooms.join(bob, roomId);
  t.equal((await membership(f, roomId, bob))?.membership, "join");
  // Banning someone never in the room is allowed (pre-emptive ban).
  const dave = await f.user("dave");
  await f.rooms.ban(alice, roomId, dave);
  t.equal((await membership(f, roomId, dave))?.membership, "ban");
});

await forEachDatabase(t, "forget only after leaving; coming back clears it", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const roomId = await f.makeRoom(alice, { preset: "public_chat" });
  await f.rooms.join(bob, roomId);
  t.same(await errorOf(f.rooms.forget(bob, roomId)), { status: 400, errcode: "M_UNKNOWN", message: `${bob} is in room ${roomId}: leave it first` });
  const carol = await f.user("carol");
  t.same(await errorOf(f.rooms.forget(carol, roomId)), { status: 403, errcode: "M_FORBIDDEN", message: "You are not in this room" }, "a public channel: known");
  t.same(await errorOf(f.rooms.forget(carol, "!nowhere:localhost")), { status: 404, errcode: "M_NOT_FOUND", message: "Room not found" }, "an unknown room");
  await f.rooms.leave(bob, roomId);
  await f.rooms.forget(bob, roomId);
  t.equal(await forgottenTable.isForgotten(db, bob, roomId), true);
  t.same(await f.rooms.joinedRooms(bob), []);
  await f.rooms.join(bob, roomId);
  t.equal(await forgottenTable.isForgotten(db, bob, roomId), false);
});
