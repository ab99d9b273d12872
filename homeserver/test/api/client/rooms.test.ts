import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { roomPath, roomsHttp, V3 } from "./room-helpers.js";

await forEachDatabase(t, "POST /createRoom", async (t, db) => {
  const { hs, alice, bob } = await roomsHttp(t, db);
  const res = await hs.request("POST", `${V3}/createRoom`, {
    token: alice.accessToken,
    body: { preset: "private_chat", name: "Ward 3", invite: [bob.userId], is_direct: true },
  });
  t.equal(res.status, 200);
  t.same(validateResponse("POST", `${V3}/createRoom`, 200, res.json), []);
  t.match(res.json.room_id, /^![A-Za-z0-9_-]{43}$/, "a version 12 room ID");
  const state = await hs.request("GET", roomPath(res.json.room_id, "/state"), { token: alice.accessToken });
  t.same(state.json.map((e: { type: string }) => e.type).sort(), [
    "m.room.create", "m.room.guest_access", "m.room.history_visibility", "m.room.join_rules", "m.room.member", "m.room.member",
    "m.room.name", "m.room.power_levels",
  ]);

  const refusals: Array<[object, number, string, string]> = [
    [{ room_version: "1" }, 400, "M_UNSUPPORTED_ROOM_VERSION", 'Room version "1" is not supported; Ward supports 10, 11 and 12'],
    [{ room_alias_name: "a b" }, 400, "M_INVALID_PARAM", ""],
    [{ preset: "secret" }, 400, "M_BAD_JSON", ""],
    [{ invite: "@bob:localhost" }, 400, "M_BAD_JSON", ""],
  ];
  for (const [body, status, errcode, error] of refusals) {
    const r = await hs.request("POST", `${V3}/createRoom`, { token: alice.accessToken, body });
    t.equal(r.status, status, JSON.stringify(body));
    t.equal(r.json.errcode, errcode);
    if (error) t.equal(r.json.error, error);
    t.same(validateError(r.json), []);
  }
  const anonymous = await hs.request("POST", `${V3}/createRoom`, { body: {} });
  t.same([anonymous.status, anonymous.json.errcode], [401, "M_MISSING_TOKEN"]);
  const [count] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM rooms");
  t.equal(count?.n, 1, "only the first room exists");
});
