/**
 * Room creation through the messenger: the marker in the create event,
 * direct conversations' own checks (nothing written when refused), the
 * invitees' auto-join, and m.direct for every local member.
 */
import t from "tap";
import { withDirectRoom } from "../../../src/services/messenger/m-direct.js";
import { createRoomsService } from "../../../src/services/rooms/index.js";
import { accountDataTable } from "../../../src/store/tables/account-data.js";
import { currentStateTable } from "../../../src/store/tables/current-state.js";
import { roomsTable } from "../../../src/store/tables/rooms.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { errorOf, roomsFixture, type RoomsFixture } from "../rooms/fixtures.js";

const MARKER = "org.ward.messenger";

async function mDirect(f: RoomsFixture, userId: string): Promise<unknown> {
  const row = await accountDataTable.get(f.ctx.db, userId, "", "m.direct");
  return row ? JSON.parse(row.content) : undefined;
}

const membershipOf = async (f: RoomsFixture, roomId: string, userId: string) =>
  (await currentStateTable.get(f.ctx.db, roomId, "m.room.member", userId))?.membership ?? null;

t.test("m.direct content: the room under each other member, other entries kept", async (t) => {
  const before = { "@b:hs": ["!old:hs"], "@z:hs": ["!z:hs"], "@c:hs": "garbage" };
  t.same(withDirectRoom(before, "!new:hs", ["@b:hs", "@c:hs"]), { "@b:hs": ["!old:hs", "!new:hs"], "@z:hs": ["!z:hs"], "@c:hs": ["!new:hs"] });
  t.same(withDirectRoom({ "@b:hs": ["!new:hs"] }, "!new:hs", ["@b:hs"]), { "@b:hs": ["!new:hs"] }, "listed once");
  t.same(before["@b:hs"], ["!old:hs"], "the input is untouched");
});

await forEachDatabase(t, "a direct conversation: marker, invitees joined at once, m.direct for everyone", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob", "Bob");
  const carol = await f.user("carol");
  await f.ctx.db.transaction(async (tx) => {
    await accountDataTable.upsert(tx, { userId: bob, roomId: "", type: "m.direct", content: JSON.stringify({ "@zed:localhost": ["!old:localhost"] }), streamPos: 1 });
  });
  const roomId = await f.makeRoom(alice, { preset: "trusted_private_chat", is_direct: true, invite: [carol, bob], name: "Night shift" });
  const rows = await f.events(roomId);
  t.same(f.contentOf(rows[0]!)[MARKER], { kind: "direct", members: [alice, bob, carol].sort() }, "the create event names every member, sorted");
  t.same(rows.slice(-4).map((r) => [r.stateKey, f.contentOf(r)]), [
    [carol, { membership: "invite", is_direct: true }],
    [bob, { membership: "invite", is_direct: true }],
    [carol, { membership: "join" }],
    [bob, { membership: "join", displayname: "Bob" }],
  ], "invited, then joined by the server, in the room's creating transaction");
  t.equal((await roomsTable.get(db, roomId))?.isDirect, true);
  t.same(await mDirect(f, alice), { [bob]: [roomId], [carol]: [roomId] });
  t.same(await mDirect(f, bob), { "@zed:localhost": ["!old:localhost"], [alice]: [roomId], [carol]: [roomId] }, "merged into what Bob's clients stored");
  t.same(await mDirect(f, carol), { [alice]: [roomId], [bob]: [roomId] });

  const channel = await f.makeRoom(alice, { preset: "private_chat", invite: [bob], name: "Ward 3", topic: "Beds" });
  t.same(f.contentOf((await f.events(channel))[0]!)[MARKER], { kind: "channel" }, "anything else is a channel");
  t.equal(await membershipOf(f, channel, bob), "invite", "channel invitees accept for themselves");
  t.same(await mDirect(f, alice), { [bob]: [roomId], [carol]: [roomId] }, "a channel is not listed");
});

await forEachDatabase(t, "WARD_DIRECT_AUTO_JOIN=false: invitees accept the invite themselves", async (t, db) => {
  const f = await roomsFixture(t, db);
  const rooms = createRoomsService({ ...f.ctx, config: { ...f.ctx.config, directAutoJoin: false } });
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const roomId = await rooms.createRoom(alice, { is_direct: true, invite: [bob] });
  t.equal(await membershipOf(f, roomId, bob), "invite");
  t.same(await mDirect(f, bob), { [alice]: [roomId] }, "listed already: the members are fixed at creation");
  await rooms.join(bob, roomId);
  t.equal(await membershipOf(f, roomId, bob), "join");
});

await forEachDatabase(t, "refused direct conversations write nothing", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const carol = await f.user("carol");
  const refusals: Array<[string, object, string]> = [
    ["nobody to talk to", { is_direct: true }, "is_direct: a direct conversation needs the other people in it in invite"],
    ["listed", { is_direct: true, invite: [bob], visibility: "public" }, "is_direct: a direct conversation is never listed in the room directory"],
    ["a topic", { is_direct: true, invite: [bob], topic: "x" }, "is_direct: a direct conversation has no topic"],
    ["a topic in initial_state", { is_direct: true, invite: [bob], initial_state: [{ type: "m.room.topic", content: { topic: "x" } }] }, "is_direct: a direct conversation has no topic"],
    ["public", { is_direct: true, invite: [bob], preset: "public_chat" }, "is_direct: a direct conversation is invite-only (join_rule invite; not the public_chat preset)"],
    ["world-readable", { is_direct: true, invite: [bob], initial_state: [{ type: "m.room.history_visibility", content: { history_visibility: "world_readable" } }] },
      "is_direct: a direct conversation's history is never world_readable"],
    ["a stranger's member event", { is_direct: true, invite: [bob], initial_state: [{ type: "m.room.member", state_key: carol, content: { membership: "invite" } }] },
      "is_direct: initial_state may only hold member events of the people in invite"],
    ["room version 10", { is_direct: true, invite: [bob], room_version: "10" },
      "is_direct: a direct conversation needs room version 11 or later (a redaction in version 10 would strip its marker)"],
    ["a forged marker", { creation_content: { [MARKER]: { kind: "direct", members: [alice, bob] } } }, `creation_content.${MARKER} is written by the server`],
  ];
  for (const [what, body, message] of refusals) {
    t.same(await errorOf(f.makeRoom(alice, body as never)), { status: 400, errcode: "M_INVALID_PARAM", message }, what);
  }
  t.same(await db.query("SELECT room_id FROM rooms"), [], "no room was created");
  t.same(await db.query("SELECT user_id FROM account_data"), [], "and no m.direct written");
});
