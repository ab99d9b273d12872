/**
 * Blue and orange badges in a real client (matrix-js-sdk, as Element counts
 * them): alice mentions bob, bob's client shows highlight 1; bob reads, it
 * shows 0, and so does the server. Bob joining counts for alice too (Ward's
 * default: membership changes notify), until she writes in the room.
 */
import t from "tap";
import { MsgType, NotificationCountType, Preset, ReceiptType } from "matrix-js-sdk";
import { forEachDatabase } from "../helpers/databases.js";
import { startWard } from "../conformance/harness.js";
import { checkedRequests, loginAndStart, registerWithSdk, until, violations } from "./js-sdk-harness.js";

forEachDatabase(t, "matrix-js-sdk: a mention is orange until read", async (t, db) => {
  const ward = await startWard(t, db);
  await registerWithSdk(ward, "alice", "alice-password-1");
  await registerWithSdk(ward, "bob", "bob-password-1");
  const alice = await loginAndStart(t, ward, "alice", "alice-password-1");
  const bob = await loginAndStart(t, ward, "bob", "bob-password-1");

  const { room_id: roomId } = await alice.client.createRoom({ preset: Preset.PrivateChat, name: "Front desk", invite: [bob.userId] });
  await until("bob sees the invite", () => bob.client.getRoom(roomId));
  await bob.client.joinRoom(roomId);
  const count = (who: typeof alice, type: NotificationCountType) => who.client.getRoom(roomId)?.getUnreadNotificationCount(type);
  await until("alice's blue badge for bob's join", () => count(alice, NotificationCountType.Total) === 1);
  t.equal(count(alice, NotificationCountType.Highlight), 0, "a join is not urgent");

  await alice.client.sendMessage(roomId, { msgtype: MsgType.Text, body: "morning" });
  await alice.client.sendMessage(roomId, {
    msgtype: MsgType.Text,
    body: "bob: patient in room 3",
    "m.mentions": { user_ids: [bob.userId] },
  } as never);
  await until("bob's badges: 2 new, 1 mention", () => count(bob, NotificationCountType.Total) === 2 && count(bob, NotificationCountType.Highlight) === 1);
  await until("alice's own messages read her room", () => count(alice, NotificationCountType.Total) === 0);

  const last = await until("bob has the mention", () => bob.client.getRoom(roomId)?.getLiveTimeline().getEvents().find((e) => e.getContent().body === "bob: patient in room 3"));
  await bob.client.sendReadReceipt(last, ReceiptType.Read);
  await until("bob's badges clear", () => count(bob, NotificationCountType.Total) === 0 && count(bob, NotificationCountType.Highlight) === 0);
  const server = await ward.request("GET", "/_matrix/client/v3/sync", { token: bob.client.getAccessToken() ?? "" });
  t.strictSame(server.body.rooms.join[roomId].unread_notifications, { notification_count: 0, highlight_count: 0 }, "the server's counts, not only the client's");

  for (const c of [alice.client, bob.client]) c.stopClient();
  t.comment(`responses checked against the spec: ${[...checkedRequests].map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  t.same(violations.splice(0), [], "every response the SDK received conforms to the spec");
  checkedRequests.clear();
});
