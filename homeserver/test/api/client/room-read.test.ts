import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateResponse } from "../../helpers/openapi.js";
import { createRoom, roomPath, roomsHttp } from "./room-helpers.js";

await forEachDatabase(t, "members, joined_members and single events", async (t, db) => {
  const { hs, alice, bob } = await roomsHttp(t, db);
  const carol = await hs.registerUser("carol");
  const roomId = await createRoom(hs, alice, { preset: "public_chat", invite: [carol.userId] });
  await hs.request("POST", roomPath(roomId, "/join"), { token: bob.accessToken, body: {} });
  const token = alice.accessToken;

  const members = await hs.request("GET", roomPath(roomId, "/members"), { token });
  t.same(validateResponse("GET", "/rooms/{roomId}/members", 200, members.json), []);
  t.same(members.json.chunk.map((e: any) => `${e.state_key}=${e.content.membership}`).sort(), [
    `${alice.userId}=join`, `${bob.userId}=join`, `${carol.userId}=invite`,
  ]);
  const invitedOnly = await hs.request("GET", roomPath(roomId, "/members?membership=invite"), { token });
  t.same(invitedOnly.json.chunk.map((e: any) => e.state_key), [carol.userId]);
  const notJoined = await hs.request("GET", roomPath(roomId, "/members?not_membership=join"), { token });
  t.same(notJoined.json.chunk.map((e: any) => e.state_key), [carol.userId]);
  const badAt = await hs.request("GET", roomPath(roomId, "/members?at=yesterday"), { token });
  t.same([badAt.status, badAt.json.errcode], [400, "M_INVALID_PARAM"]);
  const badFilter = await hs.request("GET", roomPath(roomId, "/members?membership=lurking"), { token });
  t.equal(badFilter.status, 400);

  const joined = await hs.request("GET", roomPath(roomId, "/joined_members"), { token });
  t.same(validateResponse("GET", "/rooms/{roomId}/joined_members", 200, joined.json), []);
  t.same(Object.keys(joined.json.joined).sort(), [alice.userId, bob.userId]);

  const sent = await hs.request("PUT", roomPath(roomId, "/send/m.room.message/m1"), { token, body: { msgtype: "m.text", body: "hi" } });
  const event = await hs.request("GET", roomPath(roomId, `/event/${encodeURIComponent(sent.json.event_id)}`), { token: bob.accessToken });
  t.equal(event.status, 200);
  t.same(validateResponse("GET", "/rooms/{roomId}/event/{eventId}", 200, event.json), []);
  t.same({ id: event.json.event_id, body: event.json.content.body, room: event.json.room_id }, { id: sent.json.event_id, body: "hi", room: roomId });
  const unknown = await hs.request("GET", roomPath(roomId, `/event/${encodeURIComponent("$nope")}`), { token });
  t.same([unknown.status, unknown.json.errcode], [404, "M_NOT_FOUND"]);
  const outsider = await hs.registerUser("dave");
  const denied = await hs.request("GET", roomPath(roomId, "/members"), { token: outsider.accessToken });
  t.same([denied.status, denied.json.errcode], [403, "M_FORBIDDEN"]);
});
