import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { createRoom, roomPath, roomsHttp, V3 } from "./room-helpers.js";

const profilePath = (userId: string, rest = "") => `${V3}/profile/${encodeURIComponent(userId)}${rest}`;

function compileSchemas(): void {
  for (const [method, path] of [["GET", "/profile/{userId}"], ["GET", "/profile/{userId}/{keyName}"], ["PUT", "/profile/{userId}/{keyName}"],
    ["GET", "/profile/{userId}/{keyName}"], ["PUT", "/profile/{userId}/{keyName}"]] as const) validateResponse(method, path, 200, {});
}

await forEachDatabase(t, "set and read display name and avatar", async (t, db) => {
  compileSchemas();
  const { hs, alice, bob } = await roomsHttp(t, db);
  const token = alice.accessToken;
  const empty = await hs.request("GET", profilePath(alice.userId), { token: bob.accessToken });
  t.same([empty.status, empty.json], [200, {}]);
  const putName = await hs.request("PUT", profilePath(alice.userId, "/displayname"), { token, body: { displayname: "Dr Alice" } });
  t.same([putName.status, putName.json], [200, {}]);
  t.same(validateResponse("PUT", "/profile/{userId}/{keyName}", 200, putName.json), []);
  const putAvatar = await hs.request("PUT", profilePath(alice.userId, "/avatar_url"), { token, body: { avatar_url: "mxc://example.org/abc123" } });
  t.same([putAvatar.status, putAvatar.json], [200, {}]);
  t.same(validateResponse("PUT", "/profile/{userId}/{keyName}", 200, putAvatar.json), []);
  const whole = await hs.request("GET", profilePath(alice.userId), { token: bob.accessToken });
  t.same([whole.status, whole.json], [200, { displayname: "Dr Alice", avatar_url: "mxc://example.org/abc123" }]);
  t.same(validateResponse("GET", "/profile/{userId}", 200, whole.json), []);
  const name = await hs.request("GET", profilePath(alice.userId, "/displayname"), { token });
  t.same([name.status, name.json], [200, { displayname: "Dr Alice" }]);
  t.same(validateResponse("GET", "/profile/{userId}/{keyName}", 200, name.json), []);
  const avatar = await hs.request("GET", profilePath(alice.userId, "/avatar_url"), { token });
  t.same([avatar.status, avatar.json], [200, { avatar_url: "mxc://example.org/abc123" }]);
  t.same(validateResponse("GET", "/profile/{userId}/{keyName}", 200, avatar.json), []);
  // Empty values clear the field.
  t.equal((await hs.request("PUT", profilePath(alice.userId, "/avatar_url"), { token, body: { avatar_url: "" } })).status, 200);
  t.equal((await hs.request("PUT", profilePath(alice.userId, "/displayname"), { token, body: { displayname: "" } })).status, 200);
  t.same((await hs.request("GET", profilePath(alice.userId), { token })).json, {});
  t.same((await hs.request("GET", profilePath(alice.userId, "/displayname"), { token })).json, {});
  t.same((await hs.request("GET", profilePath(alice.userId, "/avatar_url"), { token })).json, {});
});

await forEachDatabase(t, "profile errors", async (t, db) => {
  const { hs, alice, bob } = await roomsHttp(t, db);
  const token = alice.accessToken;
  const check = (res: { status: number; json: any }, status: number, errcode: string, name: string) => {
    t.same([res.status, res.json?.errcode], [status, errcode], name);
    t.same(validateError(res.json), [], `${name}: error shape`);
  };
  check(await hs.request("PUT", profilePath(bob.userId, "/displayname"), { token, body: { displayname: "Not Bob" } }), 403, "M_FORBIDDEN", "other's displayname");
  check(await hs.request("PUT", profilePath(bob.userId, "/avatar_url"), { token, body: { avatar_url: "mxc://a.b/c" } }), 403, "M_FORBIDDEN", "other's avatar");
  const nobody = `@nobody:${hs.config.serverName}`;
  for (const rest of ["", "/displayname", "/avatar_url"]) {
    check(await hs.request("GET", profilePath(nobody, rest), { token }), 404, "M_NOT_FOUND", `unknown user ${rest}`);
    check(await hs.request("GET", profilePath("@someone:elsewhere.example", rest), { token }), 404, "M_NOT_FOUND", `remote user ${rest}`);
  }
  check(await hs.request("PUT", profilePath(nobody, "/displayname"), { token, body: { displayname: "x" } }), 404, "M_NOT_FOUND", "set unknown user");
  check(await hs.request("GET", profilePath("not-a-user-id"), { token }), 400, "M_INVALID_PARAM", "invalid user ID");
  for (const bad of ["https://example.org/a.png", "mxc://", "mxc://example.org/", "mxc://example.org/a/b"]) {
    check(await hs.request("PUT", profilePath(alice.userId, "/avatar_url"), { token, body: { avatar_url: bad } }), 400, "M_INVALID_PARAM", `avatar ${bad}`);
  }
  check(await hs.request("PUT", profilePath(alice.userId, "/displayname"), { token, body: { displayname: "x".repeat(257) } }), 400, "M_INVALID_PARAM", "too long");
  t.equal((await hs.request("PUT", profilePath(alice.userId, "/displayname"), { token, body: { displayname: "x".repeat(256) } })).status, 200, "256 is fine");
  check(await hs.request("PUT", profilePath(alice.userId, "/displayname"), { token, body: {} }), 400, "M_MISSING_PARAM", "missing displayname");
  check(await hs.request("PUT", profilePath(alice.userId, "/displayname"), { token, body: { displayname: 5 } }), 400, "M_BAD_JSON", "non-string displayname");
  check(await hs.request("GET", profilePath(alice.userId)), 401, "M_MISSING_TOKEN", "no token");
});

await forEachDatabase(t, "a profile change writes a new member event in every joined room", async (t, db) => {
  const { hs, alice, bob } = await roomsHttp(t, db);
  const token = alice.accessToken;
  const first = await createRoom(hs, alice);
  const second = await createRoom(hs, bob, { preset: "public_chat" });
  t.equal((await hs.request("POST", roomPath(second, "/join"), { token, body: {} })).status, 200);
  const left = await createRoom(hs, bob, { preset: "public_chat" });
  t.equal((await hs.request("POST", roomPath(left, "/join"), { token, body: {} })).status, 200);
  t.equal((await hs.request("POST", roomPath(left, "/leave"), { token, body: {} })).status, 200);
  const memberPath = (roomId: string) => roomPath(roomId, `/state/m.room.member/${encodeURIComponent(alice.userId)}?format=event`);
  const before = new Map<string, string>();
  for (const roomId of [first, second, left]) before.set(roomId, (await hs.request("GET", memberPath(roomId), { token })).json.event_id);

  t.equal((await hs.request("PUT", profilePath(alice.userId, "/displayname"), { token, body: { displayname: "Dr Alice" } })).status, 200);
  t.equal((await hs.request("PUT", profilePath(alice.userId, "/avatar_url"), { token, body: { avatar_url: "mxc://example.org/face" } })).status, 200);
  const after = new Map<string, string>();
  for (const roomId of [first, second]) {
    const event = (await hs.request("GET", memberPath(roomId), { token })).json;
    t.not(event.event_id, before.get(roomId), "a new member event");
    t.same({ sender: event.sender, content: event.content },
      { sender: alice.userId, content: { membership: "join", displayname: "Dr Alice", avatar_url: "mxc://example.org/face" } });
    after.set(roomId, event.event_id);
  }
  const stillLeft = (await hs.request("GET", memberPath(left), { token: bob.accessToken })).json;
  t.same([stillLeft.event_id, stillLeft.content.membership], [before.get(left), "leave"], "a room left is not touched");

  // The same value again writes nothing.
  t.equal((await hs.request("PUT", profilePath(alice.userId, "/displayname"), { token, body: { displayname: "Dr Alice" } })).status, 200);
  t.equal((await hs.request("PUT", profilePath(alice.userId, "/avatar_url"), { token, body: { avatar_url: "mxc://example.org/face" } })).status, 200);
  for (const roomId of [first, second]) {
    t.equal((await hs.request("GET", memberPath(roomId), { token })).json.event_id, after.get(roomId), "no-op");
  }
  // A room joined later carries the profile in its join event.
  const later = await createRoom(hs, bob, { preset: "public_chat" });
  t.equal((await hs.request("POST", roomPath(later, "/join"), { token, body: {} })).status, 200);
  t.same((await hs.request("GET", roomPath(later, `/state/m.room.member/${encodeURIComponent(alice.userId)}`), { token })).json,
    { membership: "join", displayname: "Dr Alice", avatar_url: "mxc://example.org/face" });
});
