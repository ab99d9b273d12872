import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { createRoom, roomPath, roomsHttp, V3 } from "./room-helpers.js";

await forEachDatabase(t, "join, invite, leave, kick, ban, unban, forget, joined_rooms", async (t, db) => {
  const { hs, alice, bob } = await roomsHttp(t, db);
  const carol = await hs.registerUser("carol");
  const as = (user: { accessToken: string }) => ({ token: user.accessToken });
  const pub = await createRoom(hs, alice, { preset: "public_chat" });
  const priv = await createRoom(hs, alice);

  const joined = await hs.request("POST", `${V3}/join/${encodeURIComponent(pub)}`, { ...as(bob), body: {} });
  t.same([joined.status, joined.json], [200, { room_id: pub }]);
  t.same(validateResponse("POST", `${V3}/join/{roomIdOrAlias}`, 200, joined.json), []);
  const alias = await hs.request("POST", `${V3}/join/${encodeURIComponent("#lobby:localhost")}`, { ...as(bob), body: {} });
  t.same([alias.status, alias.json], [404, { errcode: "M_NOT_FOUND", error: "Room alias #lobby:localhost not found" }]);
  const garbage = await hs.request("POST", `${V3}/join/lobby`, { ...as(bob), body: {} });
  t.same([garbage.status, garbage.json.errcode], [400, "M_INVALID_PARAM"]);

  const refused = await hs.request("POST", roomPath(priv, "/join"), { ...as(bob), body: {} });
  // Never invited: a private room answers like one that does not exist (services/messenger/rules.ts).
  t.same([refused.status, refused.json], [404, { errcode: "M_NOT_FOUND", error: "Room not found" }]);
  t.same(validateError(refused.json), []);
  const invited = await hs.request("POST", roomPath(priv, "/invite"), { ...as(alice), body: { user_id: bob.userId, reason: "rota" } });
  t.same([invited.status, invited.json], [200, {}]);
  const badInvite = await hs.request("POST", roomPath(priv, "/invite"), { ...as(alice), body: {} });
  t.same([badInvite.status, badInvite.json.errcode], [400, "M_MISSING_PARAM"]);
  t.same((await hs.request("POST", roomPath(priv, "/join"), { ...as(bob), body: {} })).json, { room_id: priv });

  const rooms = await hs.request("GET", `${V3}/joined_rooms`, as(bob));
  t.same(rooms.json, { joined_rooms: [pub, priv].sort() });
  t.same(validateResponse("GET", `${V3}/joined_rooms`, 200, rooms.json), []);

  const kickDenied = await hs.request("POST", roomPath(pub, "/kick"), { ...as(bob), body: { user_id: alice.userId } });
  t.same([kickDenied.status, kickDenied.json.errcode], [403, "M_FORBIDDEN"]);
  t.equal((await hs.request("POST", roomPath(pub, "/kick"), { ...as(alice), body: { user_id: bob.userId, reason: "x" } })).status, 200);
  t.equal((await hs.request("POST", roomPath(pub, "/ban"), { ...as(alice), body: { user_id: carol.userId } })).status, 200);
  const bannedJoin = await hs.request("POST", roomPath(pub, "/join"), { ...as(carol), body: {} });
  t.same([bannedJoin.status, bannedJoin.json.errcode], [403, "M_FORBIDDEN"]);
  t.equal((await hs.request("POST", roomPath(pub, "/unban"), { ...as(alice), body: { user_id: carol.userId } })).status, 200);
  t.equal((await hs.request("POST", roomPath(pub, "/join"), { ...as(carol), body: {} })).status, 200);

  const stillIn = await hs.request("POST", roomPath(priv, "/forget"), { ...as(bob), body: {} });
  t.same([stillIn.status, stillIn.json.errcode], [400, "M_UNKNOWN"]);
  t.same((await hs.request("POST", roomPath(priv, "/leave"), { ...as(bob), body: { reason: "off shift" } })).json, {});
  t.same((await hs.request("POST", roomPath(priv, "/forget"), { ...as(bob), body: {} })).json, {});
  t.same((await hs.request("GET", `${V3}/joined_rooms`, as(bob))).json, { joined_rooms: [] });
  const gone = await hs.request("GET", roomPath(priv, "/state"), as(bob));
  t.same([gone.status, gone.json.errcode], [403, "M_FORBIDDEN"]);
});
