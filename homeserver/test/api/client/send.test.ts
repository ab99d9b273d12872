import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { allowChannelRedaction } from "../../services/messenger/channel-redaction-helper.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { createRoom, roomPath, roomsHttp } from "./room-helpers.js";

await forEachDatabase(t, "PUT send and redact: idempotent, authorised, redacted for readers", async (t, db) => {
  const { hs, alice, bob } = await roomsHttp(t, db);
  await allowChannelRedaction(db); // deleting messages in channels is off unless the org allows it
  const roomId = await createRoom(hs, alice);
  const send = (user: { accessToken: string }, txnId: string, body: unknown) =>
    hs.request("PUT", roomPath(roomId, `/send/m.room.message/${txnId}`), { token: user.accessToken, body });
  const first = await send(alice, "t1", { msgtype: "m.text", body: "hello" });
  t.equal(first.status, 200);
  t.same(validateResponse("PUT", "/rooms/{roomId}/send/{eventType}/{txnId}", 200, first.json), []);
  t.same((await send(alice, "t1", { msgtype: "m.text", body: "hello" })).json, first.json, "retransmission");
  const outsider = await send(bob, "t1", { msgtype: "m.text", body: "let me in" });
  // A private room bob was never in is hidden from him: the unknown room's 404 (spec/messenger.md).
  t.same([outsider.status, outsider.json], [404, { errcode: "M_NOT_FOUND", error: "Room not found" }]);
  t.same(validateError(outsider.json), []);
  const notObject = await send(alice, "t2", [1, 2]);
  t.same([notObject.status, notObject.json.errcode], [400, "M_NOT_JSON"]);

  const eventId = first.json.event_id as string;
  const redact = await hs.request("PUT", roomPath(roomId, `/redact/${encodeURIComponent(eventId)}/r1`), { token: alice.accessToken, body: { reason: "wrong room" } });
  t.equal(redact.status, 200);
  t.same(validateResponse("PUT", "/rooms/{roomId}/redact/{eventId}/{txnId}", 200, redact.json), []);
  const again = await hs.request("PUT", roomPath(roomId, `/redact/${encodeURIComponent(eventId)}/r1`), { token: alice.accessToken, body: { reason: "wrong room" } });
  t.same(again.json, redact.json);
  const seen = await hs.request("GET", roomPath(roomId, `/event/${encodeURIComponent(eventId)}`), { token: alice.accessToken });
  t.same(seen.json.content, {});
  t.same(seen.json.unsigned.redacted_because.content, { reason: "wrong room", redacts: eventId });
  const badId = await hs.request("PUT", roomPath(roomId, "/redact/not-an-event/r2"), { token: alice.accessToken, body: {} });
  t.same([badId.status, badId.json.errcode], [400, "M_INVALID_PARAM"]);
});
