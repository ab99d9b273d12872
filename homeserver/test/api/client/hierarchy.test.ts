/**
 * GET /_matrix/client/v1/rooms/{roomId}/hierarchy: the room's own summary
 * only, for users who may see the room.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { createRoom, roomPath, V3 } from "./room-helpers.js";

const hierarchyPath = (roomId: string, query = "") => `/_matrix/client/v1/rooms/${encodeURIComponent(roomId)}/hierarchy${query}`;

await forEachDatabase(t, "GET /hierarchy answers with the room's summary", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const space = await createRoom(hs, alice, {
    name: "Staff",
    topic: "Everyone",
    preset: "public_chat",
    creation_content: { type: "m.space" },
    room_alias_name: "staff",
  });
  await hs.request("POST", `${V3}/join/${encodeURIComponent(space)}`, { token: bob.accessToken, body: {} });

  const path = hierarchyPath(space, "?max_depth=1&limit=5&from=whatever&suggested_only=true");
  const res = await hs.request("GET", path, { token: bob.accessToken });
  t.equal(res.status, 200);
  t.strictSame(validateResponse("GET", hierarchyPath(space), 200, res.json), []);
  t.equal(res.json.rooms.length, 1);
  t.notOk("next_batch" in res.json);
  const [room] = res.json.rooms;
  t.match(room, {
    room_id: space,
    name: "Staff",
    topic: "Everyone",
    num_joined_members: 2,
    world_readable: false,
    guest_can_join: false,
    join_rule: "public",
    room_type: "m.space",
    children_state: [],
  });
  t.equal(room.canonical_alias, `#staff:${hs.config.serverName}`);

  // A plain room: no room_type, no name.
  const plain = await createRoom(hs, alice);
  const plainRes = await hs.request("GET", hierarchyPath(plain), { token: alice.accessToken });
  t.equal(plainRes.status, 200);
  t.notOk("room_type" in plainRes.json.rooms[0]);
  t.notOk("name" in plainRes.json.rooms[0]);
  t.equal(plainRes.json.rooms[0].join_rule, "invite");
});

await forEachDatabase(t, "GET /hierarchy: only for users who may see the room", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const secret = await createRoom(hs, alice);
  const readable = await createRoom(hs, alice, { initial_state: [{ type: "m.room.history_visibility", state_key: "", content: { history_visibility: "world_readable" } }] });

  // bob never had a membership in the private room: hidden, it answers like an unknown room (spec/messenger.md).
  for (const [what, roomId] of [["not a member", secret], ["unknown room", `!nosuchroom:${hs.config.serverName}`]] as const) {
    const res = await hs.request("GET", hierarchyPath(roomId), { token: bob.accessToken });
    t.same([res.status, res.json], [404, { errcode: "M_NOT_FOUND", error: "Room not found" }], what);
    t.strictSame(validateError(res.json), [], what);
  }
  const visible = await hs.request("GET", hierarchyPath(readable), { token: bob.accessToken });
  t.equal(visible.status, 200, "a world-readable room is visible to anyone");
  t.equal(visible.json.rooms[0].world_readable, true);

  const malformed = await hs.request("GET", hierarchyPath("not-a-room"), { token: alice.accessToken });
  t.same([malformed.status, malformed.json.errcode], [400, "M_INVALID_PARAM"]);
  const badLimit = await hs.request("GET", hierarchyPath(secret, "?limit=-1"), { token: alice.accessToken });
  t.equal(badLimit.status, 400);
  t.strictSame(validateError(badLimit.json), []);
  const anonymous = await hs.request("GET", hierarchyPath(secret));
  t.same([anonymous.status, anonymous.json.errcode], [401, "M_MISSING_TOKEN"]);

  // A former member still sees it (history up to leaving).
  await hs.request("POST", `${V3}/rooms/${encodeURIComponent(secret)}/invite`, { token: alice.accessToken, body: { user_id: bob.userId } });
  await hs.request("POST", `${V3}/join/${encodeURIComponent(secret)}`, { token: bob.accessToken, body: {} });
  await hs.request("POST", roomPath(secret, "/leave"), { token: bob.accessToken, body: {} });
  t.equal((await hs.request("GET", hierarchyPath(secret), { token: bob.accessToken })).status, 200, "former member");
});
