/**
 * matrix-js-sdk between two users, for what a messenger shows around the
 * messages: display names, account data (global, per room, m.direct), typing,
 * read receipts (public and private) with unread counts, and presence. Each
 * change is made through one client's API and observed through the other's
 * (or its own) /sync, as Element would show it.
 */
import t from "tap";
import { EventType, MsgType, NotificationCountType, Preset, ReceiptType } from "matrix-js-sdk";
import { forEachDatabase } from "../helpers/databases.js";
import { startWard } from "../conformance/harness.js";
import { checkedRequests, loginAndStart, registerWithSdk, until, violations } from "./js-sdk-harness.js";

forEachDatabase(t, "matrix-js-sdk: profile, account data, typing, receipts, presence", async (t, db) => {
  const ward = await startWard(t, db);
  await registerWithSdk(ward, "alice", "alice-password-1");
  await registerWithSdk(ward, "bob", "bob-password-1");
  const alice = await loginAndStart(t, ward, "alice", "alice-password-1");
  const bob = await loginAndStart(t, ward, "bob", "bob-password-1");

  const { room_id: roomId } = await alice.client.createRoom({ preset: Preset.PrivateChat, name: "Front desk", invite: [bob.userId] });
  await until("bob sees the invite", () => bob.client.getRoom(roomId));
  await bob.client.joinRoom(roomId);
  await until("alice sees bob join", () => alice.client.getRoom(roomId)?.getMember(bob.userId)?.membership === "join");

  // Profile: a new display name reaches the other member's room view.
  await alice.client.setDisplayName("Dr Alice");
  await until("bob sees alice's new name", () => bob.client.getRoom(roomId)?.getMember(alice.userId)?.name === "Dr Alice");
  t.same(await bob.client.getProfileInfo(alice.userId), { displayname: "Dr Alice" }, "profile lookup");

  // Account data: global, per room and m.direct, back through alice's own /sync.
  await alice.client.setAccountData("org.ward.test" as never, { theme: "dark" } as never);
  await until("alice's sync delivers global account data", () => alice.client.getAccountData("org.ward.test" as never)?.getContent().theme === "dark");
  await alice.client.setRoomAccountData(roomId, "org.ward.room", { pinned: true });
  await until("alice's sync delivers room account data", () => alice.client.getRoom(roomId)?.getAccountData("org.ward.room")?.getContent().pinned === true);
  await alice.client.setAccountData(EventType.Direct, { [bob.userId]: [roomId] });
  await until("m.direct", () => alice.client.getAccountData(EventType.Direct)?.getContent()[bob.userId]?.[0] === roomId);
  t.equal(bob.client.getAccountData("org.ward.test" as never), undefined, "account data is private to its owner");

  // Typing: on, seen by bob; off, seen by bob.
  await alice.client.sendTyping(roomId, true, 20_000);
  await until("bob sees alice typing", () => bob.client.getRoom(roomId)?.getMember(alice.userId)?.typing === true);
  await alice.client.sendTyping(roomId, false, 0);
  await until("bob sees alice stop typing", () => bob.client.getRoom(roomId)?.getMember(alice.userId)?.typing === false);

  // Receipts and unread counts: bob writes twice, alice's count goes up, a read receipt clears it.
  await bob.client.sendMessage(roomId, { msgtype: MsgType.Text, body: "patient in room 3" });
  await bob.client.sendMessage(roomId, { msgtype: MsgType.Text, body: "ready when you are" });
  const aliceRoom = await until("alice receives both", () => {
    const room = alice.client.getRoom(roomId);
    return room?.getUnreadNotificationCount(NotificationCountType.Total) === 2 ? room : undefined;
  });
  const last = aliceRoom.getLiveTimeline().getEvents().at(-1)!;
  t.equal(last.getContent().body, "ready when you are");
  await alice.client.sendReadReceipt(last, ReceiptType.Read);
  await until("alice's unread count drops to 0", () => alice.client.getRoom(roomId)?.getUnreadNotificationCount(NotificationCountType.Total) === 0);
  await until("bob sees alice's public receipt", () => bob.client.getRoom(roomId)?.getUsersReadUpTo(last).includes(alice.userId));

  // A private receipt clears bob's count but alice never sees it.
  await alice.client.sendMessage(roomId, { msgtype: MsgType.Text, body: "on my way" });
  const bobRoom = bob.client.getRoom(roomId)!;
  const mine = await until("bob receives alice's reply", () => bobRoom.getLiveTimeline().getEvents().find((e) => e.getContent().body === "on my way"));
  await until("bob's count is 1", () => bobRoom.getUnreadNotificationCount(NotificationCountType.Total) === 1);
  await bob.client.sendReadReceipt(mine, ReceiptType.ReadPrivate);
  await until("bob's count drops to 0", () => bobRoom.getUnreadNotificationCount(NotificationCountType.Total) === 0);
  t.equal(bobRoom.getReadReceiptForUserId(bob.userId, false, ReceiptType.ReadPrivate)?.eventId, mine.getId(), "bob's client knows its private receipt");
  // Alice's sync has moved on past bob's private receipt by the time she sees this message.
  await bob.client.sendMessage(roomId, { msgtype: MsgType.Text, body: "thanks" });
  await until("alice receives thanks", () => alice.client.getRoom(roomId)?.getLiveTimeline().getEvents().some((e) => e.getContent().body === "thanks"));
  const aliceView = alice.client.getRoom(roomId)!;
  t.notOk(aliceView.getReadReceiptForUserId(bob.userId, true, ReceiptType.ReadPrivate), "alice never receives bob's private receipt");

  // Presence: alice steps away with a status; bob's client shows it.
  await alice.client.setPresence({ presence: "unavailable", status_msg: "at lunch" });
  await until("bob sees alice unavailable, at lunch", () => {
    const user = bob.client.getUser(alice.userId);
    return user?.presence === "unavailable" && user.presenceStatusMsg === "at lunch";
  });
  t.pass("presence and status message reached bob's client");

  for (const c of [alice.client, bob.client]) c.stopClient();
  t.comment(`responses checked against the spec: ${[...checkedRequests].map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  t.same(violations.splice(0), [], "every response the SDK received conforms to the spec");
  checkedRequests.clear();
});
