/**
 * /sync, /messages, /context, filters and push rules answers checked against
 * the Matrix spec's OpenAPI schemas (test/helpers/openapi.ts).
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { validateResponse } from "../../helpers/openapi.js";
import { createRoom, invite, membership, send, syncPath } from "./sync-fixtures.js";

await forEachDatabase(t, "responses conform to the spec's schemas", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { name: "Conform", topic: "t", preset: "public_chat" });
  const other = await createRoom(hs, alice, { name: "Invite" });
  await membership(hs, bob, roomId, "join");
  const eventId = await send(hs, alice, roomId, { msgtype: "m.text", body: "hi", "m.mentions": { user_ids: [bob.userId] } });
  await invite(hs, alice, other, bob.userId);
  const check = async (path: string, template: string, token: string) => {
    const res = await hs.request("GET", path, { token });
    t.equal(res.status, 200, path);
    t.same(validateResponse("GET", template, 200, res.json), [], path);
    return res.json;
  };
  const initial = await check(syncPath(), "/_matrix/client/v3/sync", bob.accessToken);
  await check(syncPath({ use_state_after: true, filter: JSON.stringify({ room: { state: { lazy_load_members: true }, include_leave: true } }) }), "/_matrix/client/v3/sync", bob.accessToken);
  await membership(hs, bob, roomId, "leave");
  await check(syncPath({ since: initial.next_batch }), "/_matrix/client/v3/sync", bob.accessToken);
  const room = encodeURIComponent(roomId);
  await check(`/_matrix/client/v3/rooms/${room}/messages?dir=b&filter=${encodeURIComponent('{"lazy_load_members":true}')}`, "/_matrix/client/v3/rooms/{roomId}/messages", alice.accessToken);
  await check(`/_matrix/client/v3/rooms/${room}/context/${encodeURIComponent(eventId)}`, "/_matrix/client/v3/rooms/{roomId}/context/{eventId}", alice.accessToken);
  await check("/_matrix/client/v3/pushrules/", "/_matrix/client/v3/pushrules/", alice.accessToken);
  await check("/_matrix/client/v3/pushrules/global/override/.m.rule.master", "/_matrix/client/v3/pushrules/global/{kind}/{ruleId}", alice.accessToken);
  const filter = await hs.request("POST", `/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/filter`, { token: alice.accessToken, body: { room: { timeline: { limit: 5 } } } });
  t.same(validateResponse("POST", "/_matrix/client/v3/user/{userId}/filter", 200, filter.json), []);
  await check(`/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/filter/${filter.json.filter_id}`, "/_matrix/client/v3/user/{userId}/filter/{filterId}", alice.accessToken);
});
