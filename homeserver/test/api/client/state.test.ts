import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateResponse } from "../../helpers/openapi.js";
import { createRoom, roomPath, roomsHttp } from "./room-helpers.js";

await forEachDatabase(t, "GET and PUT state, with and without the trailing slash", async (t, db) => {
  const { hs, alice, bob } = await roomsHttp(t, db);
  const roomId = await createRoom(hs, alice, { topic: "first" });
  const token = alice.accessToken;
  const put = await hs.request("PUT", roomPath(roomId, "/state/m.room.topic"), { token, body: { topic: "second" } });
  t.equal(put.status, 200);
  t.same(validateResponse("PUT", "/rooms/{roomId}/state/{eventType}/{stateKey}", 200, put.json), []);
  for (const path of ["/state/m.room.topic", "/state/m.room.topic/"]) {
    const got = await hs.request("GET", roomPath(roomId, path), { token });
    t.same([got.status, got.json], [200, { topic: "second" }], path);
  }
  const full = await hs.request("GET", roomPath(roomId, "/state/m.room.topic/?format=event"), { token });
  t.same({ id: full.json.event_id, type: full.json.type, key: full.json.state_key, room: full.json.room_id }, {
    id: put.json.event_id, type: "m.room.topic", key: "", room: roomId,
  });
  const custom = await hs.request("PUT", roomPath(roomId, "/state/org.example.rota/week%2012"), { token, body: { lead: "alice" } });
  t.equal(custom.status, 200);
  t.same((await hs.request("GET", roomPath(roomId, "/state/org.example.rota/week%2012"), { token })).json, { lead: "alice" });
  const missing = await hs.request("GET", roomPath(roomId, "/state/m.room.name"), { token });
  t.same([missing.status, missing.json.errcode], [404, "M_NOT_FOUND"]);
  const all = await hs.request("GET", roomPath(roomId, "/state"), { token });
  t.same(validateResponse("GET", "/rooms/{roomId}/state", 200, all.json), []);
  t.equal(all.json.length, 8);
  const outsider = await hs.request("GET", roomPath(roomId, "/state"), { token: bob.accessToken });
  // A private room bob was never in is hidden from him: the unknown room's 404 (spec/messenger.md).
  t.same([outsider.status, outsider.json.errcode], [404, "M_NOT_FOUND"]);
  const unauthorised = await hs.request("PUT", roomPath(roomId, "/state/m.room.topic"), { token: bob.accessToken, body: { topic: "mine" } });
  t.same([unauthorised.status, unauthorised.json.errcode], [404, "M_NOT_FOUND"]);
});
