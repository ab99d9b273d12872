import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { createRoom, roomsHttp, V3 } from "./room-helpers.js";
import { sync } from "./sync-fixtures.js";

const globalPath = (userId: string, type: string) => `${V3}/user/${encodeURIComponent(userId)}/account_data/${encodeURIComponent(type)}`;
const roomDataPath = (userId: string, roomId: string, type: string) =>
  `${V3}/user/${encodeURIComponent(userId)}/rooms/${encodeURIComponent(roomId)}/account_data/${encodeURIComponent(type)}`;

function compileSchemas(): void {
  for (const method of ["GET", "PUT"]) {
    validateResponse(method, "/user/{userId}/account_data/{type}", 200, {});
    validateResponse(method, "/user/{userId}/rooms/{roomId}/account_data/{type}", 200, {});
  }
}

await forEachDatabase(t, "global and room account data round-trip", async (t, db) => {
  compileSchemas();
  const { hs, alice } = await roomsHttp(t, db);
  const token = alice.accessToken;
  const roomId = await createRoom(hs, alice);
  const put = await hs.request("PUT", globalPath(alice.userId, "org.example.settings"), { token, body: { theme: "dark", n: [1, 2] } });
  t.same([put.status, put.json], [200, {}]);
  t.same(validateResponse("PUT", "/user/{userId}/account_data/{type}", 200, put.json), []);
  const got = await hs.request("GET", globalPath(alice.userId, "org.example.settings"), { token });
  t.same([got.status, got.json], [200, { theme: "dark", n: [1, 2] }]);
  t.same(validateResponse("GET", "/user/{userId}/account_data/{type}", 200, got.json), []);
  t.equal((await hs.request("PUT", globalPath(alice.userId, "org.example.settings"), { token, body: { theme: "light" } })).status, 200);
  t.same((await hs.request("GET", globalPath(alice.userId, "org.example.settings"), { token })).json, { theme: "light" }, "replaced");

  const putRoom = await hs.request("PUT", roomDataPath(alice.userId, roomId, "m.tag"), { token, body: { tags: { "u.work": {} } } });
  t.same([putRoom.status, putRoom.json], [200, {}]);
  t.same(validateResponse("PUT", "/user/{userId}/rooms/{roomId}/account_data/{type}", 200, putRoom.json), []);
  const gotRoom = await hs.request("GET", roomDataPath(alice.userId, roomId, "m.tag"), { token });
  t.same([gotRoom.status, gotRoom.json], [200, { tags: { "u.work": {} } }]);
  t.same(validateResponse("GET", "/user/{userId}/rooms/{roomId}/account_data/{type}", 200, gotRoom.json), []);
  // Room and global data of the same type are separate.
  const notGlobal = await hs.request("GET", globalPath(alice.userId, "m.tag"), { token });
  t.same([notGlobal.status, notGlobal.json.errcode], [404, "M_NOT_FOUND"]);
});

await forEachDatabase(t, "account data errors", async (t, db) => {
  const { hs, alice, bob } = await roomsHttp(t, db);
  const token = alice.accessToken;
  const roomId = await createRoom(hs, alice);
  const check = (res: { status: number; json: any }, status: number, errcode: string, name: string) => {
    t.same([res.status, res.json?.errcode], [status, errcode], name);
    t.same(validateError(res.json), [], `${name}: error shape`);
  };
  check(await hs.request("GET", globalPath(alice.userId, "org.example.none"), { token }), 404, "M_NOT_FOUND", "unknown global");
  check(await hs.request("GET", roomDataPath(alice.userId, roomId, "org.example.none"), { token }), 404, "M_NOT_FOUND", "unknown room data");
  check(await hs.request("PUT", globalPath(bob.userId, "org.example.x"), { token, body: {} }), 403, "M_FORBIDDEN", "set other's global");
  check(await hs.request("GET", globalPath(bob.userId, "org.example.x"), { token }), 403, "M_FORBIDDEN", "read other's global");
  check(await hs.request("PUT", roomDataPath(bob.userId, roomId, "org.example.x"), { token, body: {} }), 403, "M_FORBIDDEN", "set other's room data");
  check(await hs.request("GET", roomDataPath(bob.userId, roomId, "org.example.x"), { token }), 403, "M_FORBIDDEN", "read other's room data");
  check(await hs.request("PUT", roomDataPath(alice.userId, "not-a-room", "org.example.x"), { token, body: {} }), 400, "M_INVALID_PARAM", "bad room ID (PUT)");
  check(await hs.request("GET", roomDataPath(alice.userId, "not-a-room", "org.example.x"), { token }), 400, "M_INVALID_PARAM", "bad room ID (GET)");
  for (const body of [[1, 2], "text", 5, null]) {
    check(await hs.request("PUT", globalPath(alice.userId, "org.example.x"), { token, body }), 400, "M_NOT_JSON", `global body ${JSON.stringify(body)}`);
    check(await hs.request("PUT", roomDataPath(alice.userId, roomId, "org.example.x"), { token, body }), 400, "M_NOT_JSON", `room body ${JSON.stringify(body)}`);
  }
  // (The shared body parser answers M_NOT_JSON for a non-object body; the spec allows it or M_BAD_JSON.)
  // Server-maintained types: 405 M_BAD_JSON, as the spec says.
  check(await hs.request("PUT", roomDataPath(alice.userId, roomId, "m.fully_read"), { token, body: { event_id: "$x" } }), 405, "M_BAD_JSON", "room m.fully_read");
  check(await hs.request("PUT", globalPath(alice.userId, "m.fully_read"), { token, body: { event_id: "$x" } }), 405, "M_BAD_JSON", "global m.fully_read");
  check(await hs.request("PUT", globalPath(alice.userId, "m.push_rules"), { token, body: {} }), 405, "M_BAD_JSON", "m.push_rules");
  check(await hs.request("GET", globalPath(alice.userId, "org.example.x")), 401, "M_MISSING_TOKEN", "no token");
});

await forEachDatabase(t, "changes are delivered by /sync, and wake a long-poll", async (t, db) => {
  const { hs, alice, bob } = await roomsHttp(t, db);
  const token = alice.accessToken;
  const roomId = await createRoom(hs, alice);
  const first = await sync(hs, alice);
  t.equal((await hs.request("PUT", globalPath(alice.userId, "org.example.a"), { token, body: { v: 1 } })).status, 200);
  t.equal((await hs.request("PUT", roomDataPath(alice.userId, roomId, "org.example.r"), { token, body: { v: 2 } })).status, 200);
  const inc = await sync(hs, alice, { since: first.next_batch });
  t.same(validateResponse("GET", "/sync", 200, inc), []);
  t.same(inc.account_data?.events, [{ type: "org.example.a", content: { v: 1 } }]);
  t.same(inc.rooms?.join?.[roomId]?.account_data?.events, [{ type: "org.example.r", content: { v: 2 } }]);
  const bobSync = await sync(hs, bob, { since: first.next_batch });
  t.notOk(bobSync.account_data?.events?.some((e) => e.type === "org.example.a"), "not delivered to others");

  // A long-poll waiting since the last token returns when account data changes.
  const started = Date.now();
  const polling = sync(hs, alice, { since: inc.next_batch, timeout: 20000 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.equal((await hs.request("PUT", globalPath(alice.userId, "org.example.a"), { token, body: { v: 3 } })).status, 200);
  const woke = await polling;
  t.ok(Date.now() - started < 10000, "woke before the timeout");
  t.same(woke.account_data?.events, [{ type: "org.example.a", content: { v: 3 } }]);
  t.notSame(woke.next_batch, inc.next_batch);
});
