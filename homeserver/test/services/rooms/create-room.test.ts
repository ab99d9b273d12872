import t from "tap";
import { currentStateTable } from "../../../src/store/tables/current-state.js";
import { roomsTable } from "../../../src/store/tables/rooms.js";
import { extremitiesTable } from "../../../src/store/tables/extremities.js";
import { pduOf } from "../../../src/services/rooms/stored-events.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { errorOf, roomsFixture } from "./fixtures.js";

const stateOf = (f: { events: (r: string) => Promise<any[]>; contentOf: (r: any) => Record<string, unknown> }) =>
  async (roomId: string) => {
    const rows = await f.events(roomId);
    return rows.map((r) => ({ type: r.type, stateKey: r.stateKey, content: f.contentOf(r) }));
  };

await forEachDatabase(t, "private_chat in a version 12 room: event order and exact state", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice", "Alice");
  const bob = await f.user("bob");
  const roomId = await f.makeRoom(alice, { name: "Ward 3", topic: "Night shift", invite: [bob] });
  const rows = await f.events(roomId);
  t.same(rows.map((r) => [r.type, r.stateKey]), [
    ["m.room.create", ""],
    ["m.room.member", alice],
    ["m.room.power_levels", ""],
    ["m.room.join_rules", ""],
    ["m.room.history_visibility", ""],
    ["m.room.guest_access", ""],
    ["m.room.name", ""],
    ["m.room.topic", ""],
    ["m.room.member", bob],
  ]);
  const create = rows[0]!;
  t.equal(roomId, `!${create.eventId.slice(1)}`, "v12 room ID derives from the create event ID");
  t.notOk(pduOf(db, create).room_id, "the v12 create event has no room_id");
  t.same(f.contentOf(create), { room_version: "12", "org.ward.messenger": { kind: "channel" } }, "a channel (services/messenger)");
  const content = (await stateOf(f)(roomId)).map((s) => s.content);
  t.same(content[1], { membership: "join", displayname: "Alice" });
  const pl = content[2] as any;
  t.same(pl.users, {}, "v12: creators are not listed in users");
  t.equal(pl.events["m.room.tombstone"], 150);
  t.equal(pl.invite, 0);
  t.equal(pl.state_default, 50);
  t.same(content[3], { join_rule: "invite" });
  t.same(content[4], { history_visibility: "shared" });
  t.same(content[5], { guest_access: "can_join" });
  t.same(content[6], { name: "Ward 3" });
  t.same(content[7], { topic: "Night shift", "m.topic": { "m.text": [{ body: "Night shift", mimetype: "text/plain" }] } });
  t.same(content[8], { membership: "invite" });
  // One linear chain: depth 1..n, each event's prev_events is the one before, positions consecutive.
  t.same(rows.map((r) => r.depth), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  rows.forEach((r, i) => {
    t.same(pduOf(db, r).prev_events, i === 0 ? [] : [rows[i - 1]!.eventId]);
    if (i > 0) t.equal(r.streamPos, rows[i - 1]!.streamPos + 1);
  });
  t.same(await extremitiesTable.get(db, roomId), [rows[8]!.eventId]);
  const room = await roomsTable.get(db, roomId);
  t.same({ version: room?.roomVersion, creator: room?.creator, published: room?.published, isDirect: room?.isDirect }, {
    version: "12", creator: alice, published: false, isDirect: false,
  });
  t.equal((await currentStateTable.get(db, roomId, "m.room.member", bob))?.membership, "invite");
});

await forEachDatabase(t, "public_chat with visibility public", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const roomId = await f.makeRoom(alice, { visibility: "public" });
  const state = await stateOf(f)(roomId);
  t.same(state.find((s) => s.type === "m.room.join_rules")?.content, { join_rule: "public" });
  t.same(state.find((s) => s.type === "m.room.guest_access")?.content, { guest_access: "forbidden" });
  t.equal((state.find((s) => s.type === "m.room.power_levels")?.content as any).invite, 50);
  t.equal((await roomsTable.get(db, roomId))?.published, true);
  // An explicit preset wins over visibility.
  const other = await f.makeRoom(alice, { visibility: "public", preset: "private_chat" });
  t.same((await stateOf(f)(other)).find((s) => s.type === "m.room.join_rules")?.content, { join_rule: "invite" });
  t.equal((await roomsTable.get(db, other))?.published, true);
});

await forEachDatabase(t, "trusted_private_chat: v12 invitees become additional creators, v11 get power 100", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const v12 = await f.makeRoom(alice, { preset: "trusted_private_chat", invite: [bob], is_direct: true });
  const s12 = await stateOf(f)(v12);
  t.same(s12[0]!.content, { room_version: "12", additional_creators: [bob], "org.ward.messenger": { kind: "direct", members: [alice, bob].sort() } });
  t.same((s12[2]!.content as any).users, {});
  t.same(s12.slice(-2).map((s) => s.content), [{ membership: "invite", is_direct: true }, { membership: "join" }], "invited, and joined at once (a direct conversation)");
  t.equal((await roomsTable.get(db, v12))?.isDirect, true);

  const v11 = await f.makeRoom(alice, { preset: "trusted_private_chat", invite: [bob], room_version: "11" });
  const s11 = await stateOf(f)(v11);
  t.same(s11[0]!.content, { room_version: "11", "org.ward.messenger": { kind: "channel" } });
  t.same((s11[2]!.content as any).users, { [alice]: 100, [bob]: 100 });
  t.equal((s11[2]!.content as any).events["m.room.tombstone"], 100);
  t.match(v11, new RegExp(`^![A-Za-z]{18}:${f.serverName}$`));
});

await forEachDatabase(t, "version 10: creator in the create event, server-named room ID", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const roomId = await f.makeRoom(alice, { room_version: "10", creation_content: { "m.federate": false, creator: "@mallory:x" } });
  const rows = await f.events(roomId);
  t.same(f.contentOf(rows[0]!), { "m.federate": false, room_version: "10", creator: alice, "org.ward.messenger": { kind: "channel" } });
  t.equal(pduOf(db, rows[0]!).room_id, roomId);
  t.same((f.contentOf(rows[2]!) as any).users, { [alice]: 100 });
});

await forEachDatabase(t, "initial_state overrides the preset; name and topic override initial_state", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const roomId = await f.makeRoom(alice, {
    name: "Real name",
    initial_state: [
      { type: "m.room.join_rules", content: { join_rule: "public" } },
      { type: "m.room.name", state_key: "", content: { name: "ignored" } },
      { type: "org.example.custom", state_key: "k", content: { a: 1 } },
    ],
    power_level_content_override: { events_default: 10 },
  });
  const state = await stateOf(f)(roomId);
  t.same(state.map((s) => s.type), [
    "m.room.create", "m.room.member", "m.room.power_levels", "m.room.history_visibility", "m.room.guest_access",
    "m.room.join_rules", "org.example.custom", "m.room.name",
  ]);
  t.same(state[5]!.content, { join_rule: "public" });
  t.same(state[7]!.content, { name: "Real name" });
  t.equal((state[2]!.content as any).events_default, 10, "override applied");
  t.equal((state[2]!.content as any).state_default, 50, "defaults kept beside the override");
});

await forEachDatabase(t, "refusals store nothing", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  t.same(await errorOf(f.makeRoom(alice, { room_version: "9" })), {
    status: 400, errcode: "M_UNSUPPORTED_ROOM_VERSION", message: 'Room version "9" is not supported; Ward supports 10, 11 and 12',
  });
  t.match(await errorOf(f.makeRoom(alice, { room_alias_name: "a:b" })), { status: 400, errcode: "M_INVALID_PARAM" });
  t.match(await errorOf(f.makeRoom(alice, { invite: ["@nobody:localhost"] })), { status: 400, errcode: "M_INVALID_PARAM" });
  t.match(await errorOf(f.makeRoom(alice, { invite: ["not a user"] })), { status: 400, errcode: "M_INVALID_PARAM" });
  t.match(await errorOf(f.makeRoom(alice, { invite: ["@bob:elsewhere.example"] })), { status: 403, errcode: "M_FORBIDDEN" });
  // v12: a creator listed in users is refused by the auth rules.
  t.match(await errorOf(f.makeRoom(alice, { power_level_content_override: { users: { [alice]: 100 } } })), {
    status: 400, errcode: "M_INVALID_ROOM_STATE",
  });
  // The creator cannot lock themselves out of sending state in v11.
  t.match(await errorOf(f.makeRoom(alice, { room_version: "11", power_level_content_override: { users: { [alice]: 0 } } })), {
    status: 400, errcode: "M_INVALID_ROOM_STATE",
  });
  t.match(await errorOf(f.makeRoom(alice, { initial_state: [{ type: "m.room.canonical_alias", content: { alias: "#a:localhost" } }] })), {
    status: 400, errcode: "M_BAD_ALIAS",
  });
  const [rooms] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM rooms");
  const [events] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events");
  t.same([rooms?.n, events?.n], [0, 0]);
});

await forEachDatabase(t, "createRoom publishes one wake-up after commit, naming the invitees", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const messages: unknown[] = [];
  f.bus.subscribe((m) => messages.push(m));
  const roomId = await f.makeRoom(alice, { invite: [bob] });
  await new Promise((r) => setImmediate(r));
  const last = (await f.events(roomId)).at(-1)!;
  t.same(messages, [{ kind: "stream", position: last.streamPos, roomIds: [roomId], userIds: [alice, bob] }]);
});
