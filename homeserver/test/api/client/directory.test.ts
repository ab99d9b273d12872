/**
 * Room aliases and the public room directory: alias create/resolve/delete
 * with their refusals, createRoom's room_alias_name, /join/#alias,
 * m.room.canonical_alias checks, directory visibility and /publicRooms.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { startTestHomeserver, type TestUser } from "../../helpers/homeserver.js";

const V3 = "/_matrix/client/v3";
const aliasPath = (alias: string) => `${V3}/directory/room/${encodeURIComponent(alias)}`;
const listPath = (roomId: string) => `${V3}/directory/list/room/${encodeURIComponent(roomId)}`;
const as = (u: TestUser) => ({ token: u.accessToken });

await forEachDatabase(t, "aliases: create, resolve, list, delete", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const room = (await hs.request("POST", `${V3}/createRoom`, { ...as(alice), body: { preset: "public_chat" } })).json.room_id as string;

  const put = await hs.request("PUT", aliasPath("#lobby:localhost"), { ...as(alice), body: { room_id: room } });
  t.same([put.status, put.json], [200, {}]);
  t.same(validateResponse("PUT", aliasPath("#lobby:localhost"), 200, put.json), []);

  const got = await hs.request("GET", aliasPath("#lobby:localhost"), as(bob));
  t.same([got.status, got.json], [200, { room_id: room, servers: ["localhost"] }]);
  t.same(validateResponse("GET", aliasPath("#lobby:localhost"), 200, got.json), []);

  const refusals: Array<[string, string, TestUser, unknown, number, string]> = [
    ["PUT", "#lobby:localhost", alice, { room_id: room }, 409, "M_UNKNOWN"],
    ["PUT", "#x:elsewhere.example", alice, { room_id: room }, 400, "M_INVALID_PARAM"],
    ["PUT", "lobby", alice, { room_id: room }, 400, "M_INVALID_PARAM"],
    ["PUT", "#bob:localhost", bob, { room_id: room }, 403, "M_FORBIDDEN"],
    // An unknown room: 404, as for a room hidden from the caller (spec/messenger.md, "Private channels are invisible").
    ["PUT", "#ghost:localhost", alice, { room_id: "!nope:localhost" }, 404, "M_NOT_FOUND"],
    ["PUT", "#bad:localhost", alice, { room_id: "not a room" }, 400, "M_INVALID_PARAM"],
    ["GET", "#nope:localhost", alice, undefined, 404, "M_NOT_FOUND"],
    ["GET", "#lobby:elsewhere.example", alice, undefined, 404, "M_NOT_FOUND"],
    ["DELETE", "#nope:localhost", alice, undefined, 404, "M_NOT_FOUND"],
    ["DELETE", "#lobby:localhost", bob, undefined, 403, "M_FORBIDDEN"],
  ];
  for (const [method, alias, user, body, status, errcode] of refusals) {
    const r = await hs.request(method, aliasPath(alias), { ...as(user), body });
    t.same([r.status, r.json.errcode], [status, errcode], `${method} ${alias}`);
    t.same(validateError(r.json), []);
  }
  const [count] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM room_aliases");
  t.equal(count?.n, 1, "no refused request created an alias");

  const aliases = await hs.request("GET", `${V3}/rooms/${encodeURIComponent(room)}/aliases`, as(alice));
  t.same([aliases.status, aliases.json], [200, { aliases: ["#lobby:localhost"] }]);
  t.same(validateResponse("GET", `${V3}/rooms/${encodeURIComponent(room)}/aliases`, 200, aliases.json), []);
  const outsider = await hs.request("GET", `${V3}/rooms/${encodeURIComponent(room)}/aliases`, as(bob));
  t.same([outsider.status, outsider.json.errcode], [403, "M_FORBIDDEN"]);

  // Bob joins by alias, creates his own alias; alice (an admin) may delete it, bob may delete his own.
  const joined = await hs.request("POST", `${V3}/join/${encodeURIComponent("#lobby:localhost")}`, { ...as(bob), body: {} });
  t.same([joined.status, joined.json], [200, { room_id: room }]);
  t.equal((await hs.request("PUT", aliasPath("#bobs:localhost"), { ...as(bob), body: { room_id: room } })).status, 200);
  t.equal((await hs.request("DELETE", aliasPath("#lobby:localhost"), as(bob))).status, 403, "a plain member cannot delete alice's alias");
  const del = await hs.request("DELETE", aliasPath("#bobs:localhost"), as(alice));
  t.same([del.status, del.json], [200, {}]);
  t.same(validateResponse("DELETE", aliasPath("#bobs:localhost"), 200, del.json), []);
  t.equal((await hs.request("GET", aliasPath("#bobs:localhost"), as(alice))).status, 404);
  t.equal((await hs.request("DELETE", aliasPath("#lobby:localhost"), as(alice))).status, 200, "the creator deletes");
  const gone = await hs.request("POST", `${V3}/join/${encodeURIComponent("#lobby:localhost")}`, { ...as(bob), body: {} });
  t.same([gone.status, gone.json.errcode], [404, "M_NOT_FOUND"]);
});

await forEachDatabase(t, "createRoom room_alias_name and m.room.canonical_alias", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const created = await hs.request("POST", `${V3}/createRoom`, { ...as(alice), body: { room_alias_name: "team" } });
  t.equal(created.status, 200);
  const room = created.json.room_id as string;
  const canonical = await hs.request("GET", `${V3}/rooms/${encodeURIComponent(room)}/state/m.room.canonical_alias/`, as(alice));
  t.same([canonical.status, canonical.json], [200, { alias: "#team:localhost" }]);
  t.same((await hs.request("GET", aliasPath("#team:localhost"), as(alice))).json.room_id, room);

  const taken = await hs.request("POST", `${V3}/createRoom`, { ...as(alice), body: { room_alias_name: "team" } });
  t.same([taken.status, taken.json.errcode], [400, "M_ROOM_IN_USE"]);
  t.same(validateError(taken.json), []);
  const [rooms] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM rooms");
  t.equal(rooms?.n, 1, "the refused room was not created");

  const other = (await hs.request("POST", `${V3}/createRoom`, { ...as(alice), body: {} })).json.room_id as string;
  await hs.request("PUT", aliasPath("#other:localhost"), { ...as(alice), body: { room_id: other } });
  const statePath = `${V3}/rooms/${encodeURIComponent(room)}/state/m.room.canonical_alias/`;
  for (const content of [{ alias: "#other:localhost" }, { alias: "#nope:localhost" }, { alias: "#team:localhost", alt_aliases: ["#other:localhost"] }]) {
    const r = await hs.request("PUT", statePath, { ...as(alice), body: content });
    t.same([r.status, r.json.errcode], [400, "M_BAD_ALIAS"], JSON.stringify(content));
  }
  await hs.request("PUT", aliasPath("#team2:localhost"), { ...as(alice), body: { room_id: room } });
  const ok = await hs.request("PUT", statePath, { ...as(alice), body: { alias: "#team2:localhost", alt_aliases: ["#team:localhost"] } });
  t.equal(ok.status, 200);

  // Deleting an alias the canonical alias names takes it out of the state too.
  t.equal((await hs.request("DELETE", aliasPath("#team:localhost"), as(alice))).status, 200);
  t.same((await hs.request("GET", statePath, as(alice))).json, { alias: "#team2:localhost", alt_aliases: [] }, "gone from alt_aliases");
  t.equal((await hs.request("DELETE", aliasPath("#team2:localhost"), as(alice))).status, 200);
  t.same((await hs.request("GET", statePath, as(alice))).json, { alt_aliases: [] }, "and from alias");
  const events = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type = 'm.room.canonical_alias' AND room_id = $1", [room]);
  t.equal(events[0]?.n, 4, "one new state event per deletion (createRoom's, the PUT, two deletions)");
  t.equal((await hs.request("DELETE", aliasPath("#other:localhost"), as(alice))).status, 200, "an alias the state never named: no new event");
  const after = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type = 'm.room.canonical_alias'");
  t.equal(after[0]?.n, 4);
});

await forEachDatabase(t, "directory visibility and /publicRooms", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const make = async (body: object) => (await hs.request("POST", `${V3}/createRoom`, { ...as(alice), body })).json.room_id as string;
  const general = await make({ visibility: "public", name: "General", topic: "Everything", room_alias_name: "general" });
  const cardio = await make({ visibility: "public", name: "Cardiology" });
  const secret = await make({ name: "Secret General" });

  const vis = await hs.request("GET", listPath(secret), as(alice));
  t.same([vis.status, vis.json], [200, { visibility: "private" }]);
  t.same(validateResponse("GET", listPath(secret), 200, vis.json), []);
  t.same((await hs.request("GET", listPath("!nope:localhost"), as(alice))).json.errcode, "M_NOT_FOUND");
  const byBob = await hs.request("PUT", listPath(cardio), { ...as(bob), body: { visibility: "private" } });
  t.same([byBob.status, byBob.json.errcode], [403, "M_FORBIDDEN"]);
  const bad = await hs.request("PUT", listPath(cardio), { ...as(alice), body: { visibility: "hidden" } });
  t.same([bad.status, bad.json.errcode], [400, "M_BAD_JSON"]);
  t.same((await hs.request("GET", listPath(cardio), as(alice))).json, { visibility: "public" }, "refusals changed nothing");

  const list = await hs.request("GET", `${V3}/publicRooms`, as(bob));
  t.equal(list.status, 200);
  t.same(validateResponse("GET", `${V3}/publicRooms`, 200, list.json), []);
  t.equal(list.json.total_room_count_estimate, 2);
  t.same(list.json.chunk.map((c: { room_id: string }) => c.room_id).sort(), [general, cardio].sort(), "never the private room");
  const g = list.json.chunk.find((c: { room_id: string }) => c.room_id === general);
  t.match(g, { name: "General", topic: "Everything", canonical_alias: "#general:localhost", num_joined_members: 1, join_rule: "public", world_readable: false });

  const page1 = await hs.request("GET", `${V3}/publicRooms?limit=1`, as(bob));
  t.same([page1.json.chunk.length, typeof page1.json.next_batch], [1, "string"]);
  const page2 = await hs.request("GET", `${V3}/publicRooms?limit=1&since=${page1.json.next_batch}`, as(bob));
  t.same([page2.json.chunk.length, page2.json.next_batch, typeof page2.json.prev_batch], [1, undefined, "string"]);
  t.not(page2.json.chunk[0].room_id, page1.json.chunk[0].room_id);
  const badSince = await hs.request("GET", `${V3}/publicRooms?since=garbage`, as(bob));
  t.same([badSince.status, badSince.json.errcode], [400, "M_INVALID_PARAM"]);

  const search = await hs.request("POST", `${V3}/publicRooms`, { ...as(bob), body: { filter: { generic_search_term: "general" } } });
  t.equal(search.status, 200);
  t.same(validateResponse("POST", `${V3}/publicRooms`, 200, search.json), []);
  t.same(search.json.chunk.map((c: { room_id: string }) => c.room_id), [general], "matches name; the private 'Secret General' is never listed");

  t.equal((await hs.request("PUT", listPath(secret), { ...as(alice), body: { visibility: "public" } })).status, 200);
  t.equal((await hs.request("PUT", listPath(general), { ...as(alice), body: { visibility: "private" } })).status, 200);
  const after = await hs.request("GET", `${V3}/publicRooms`, as(bob));
  // An invite-only room is a private channel: never listed, even when flagged (services/messenger/visibility.ts).
  t.same(after.json.chunk.map((c: { room_id: string }) => c.room_id), [cardio]);
});
