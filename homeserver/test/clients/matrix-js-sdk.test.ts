/**
 * The real client: matrix-js-sdk 37.5 (the last release that supports
 * Node 20) drives two users against a real Ward server, the way Element
 * would: register (UIA), log in, start syncing, create a public and a private
 * room, invite, join, exchange messages through /sync, scroll back, leave,
 * log out. No crypto (initRustCrypto is never called): Ward stores nothing
 * on client devices and this test is about the Client-Server API.
 */
import t from "tap";
import { EventType, KnownMembership, MsgType, Preset, Visibility } from "matrix-js-sdk";
import { forEachDatabase } from "../helpers/databases.js";
import { startWard } from "../conformance/harness.js";
import { bodies, checkedRequests, loginAndStart, registerWithSdk, until, violations, withTimeout } from "./js-sdk-harness.js";

forEachDatabase(t, "matrix-js-sdk against Ward", async (t, db) => {
  const ward = await startWard(t, db);

  const aliceId = await registerWithSdk(ward, "alice", "alice-password-1");
  const bobId = await registerWithSdk(ward, "bob", "bob-password-1");
  t.equal(aliceId, `@alice:${ward.config.serverName}`);
  t.equal(bobId, `@bob:${ward.config.serverName}`);

  const alice = await loginAndStart(t, ward, "alice", "alice-password-1");
  const bob = await loginAndStart(t, ward, "bob", "bob-password-1");
  t.pass("both clients PREPARED");

  // Rooms: one public (listed, anyone joins), one private (invite only).
  const { room_id: publicRoom } = await alice.client.createRoom({ preset: Preset.PublicChat, visibility: Visibility.Public, name: "General" });
  const { room_id: privateRoom } = await alice.client.createRoom({ preset: Preset.PrivateChat, name: "Private" });
  await until("alice's client to see both rooms", () => alice.client.getRoom(publicRoom) && alice.client.getRoom(privateRoom));
  t.equal(alice.client.getRoom(publicRoom)?.name, "General", "room name from state");
  t.equal(alice.client.getRoom(privateRoom)?.getMyMembership(), KnownMembership.Join);

  // Invite → bob's /sync shows it → bob joins.
  await alice.client.invite(privateRoom, bob.userId);
  await until("bob's client to see the invite", () => bob.client.getRoom(privateRoom)?.getMyMembership() === KnownMembership.Invite);
  t.equal(bob.client.getRoom(privateRoom)?.name, "Private", "the invite's stripped state carries the room name");
  await bob.client.joinRoom(privateRoom);
  await until("bob joined (own sync)", () => bob.client.getRoom(privateRoom)?.getMyMembership() === KnownMembership.Join);
  await until("alice sees bob joined", () => alice.client.getRoom(privateRoom)?.getMember(bob.userId)?.membership === KnownMembership.Join);
  await bob.client.joinRoom(publicRoom);
  await until("alice sees bob in the public room", () => alice.client.getRoom(publicRoom)?.getMember(bob.userId)?.membership === KnownMembership.Join);
  t.pass("invite and join seen by both");

  // Messages both ways, each received through the other's /sync.
  await alice.client.sendMessage(privateRoom, { msgtype: MsgType.Text, body: "hello bob" });
  await until("bob receives alice's message", () => bodies(bob.client.getRoom(privateRoom)).includes("hello bob"));
  await bob.client.sendMessage(privateRoom, { msgtype: MsgType.Text, body: "hello alice" });
  await until("alice receives bob's message", () => bodies(alice.client.getRoom(privateRoom)).includes("hello alice"));
  t.same(bodies(alice.client.getRoom(privateRoom)), ["hello bob", "hello alice"], "alice's timeline in order");
  t.same(bodies(bob.client.getRoom(privateRoom)), ["hello bob", "hello alice"], "bob's timeline in order");
  const received = bob.client.getRoom(privateRoom)?.getLiveTimeline().getEvents().find((e) => e.getContent().body === "hello bob");
  t.equal(received?.getSender(), alice.userId, "sender");
  t.equal(received?.status ?? null, null, "a remote echo, not a local one");

  // Scroll back: 25 messages, then a fresh client that syncs only the last 3 and pages back.
  const sent: string[] = [];
  for (let i = 0; i < 25; i++) {
    sent.push(`public ${i}`);
    await alice.client.sendMessage(publicRoom, { msgtype: MsgType.Text, body: `public ${i}` });
  }
  await until("bob receives the 25 messages", () => bodies(bob.client.getRoom(publicRoom)).length >= 25);
  t.same(bodies(bob.client.getRoom(publicRoom)), sent, "bob's live timeline: all 25, in order");
  // This client lazy-loads members, as Element does: /sync sends only the members
  // its timeline needs, and the SDK asks /members?at=... for the rest.
  const reader = await loginAndStart(t, ward, "bob", "bob-password-1", 3, true);
  const room = await until("reader's room", () => reader.client.getRoom(publicRoom));
  await withTimeout("loadMembersIfNeeded", room.loadMembersIfNeeded());
  t.same(
    room.getJoinedMembers().map((m) => m.userId).sort(),
    [alice.userId, bob.userId].sort(),
    "lazy-loaded members: both joined members",
  );
  t.ok(bodies(room).length <= 3, `initial sync limited to 3 events (${bodies(room).length} messages)`);
  for (let page = 0; page < 10 && bodies(room).length < 25 && room.oldState.paginationToken !== null; page++) {
    await withTimeout("scrollback", reader.client.scrollback(room, 10));
  }
  t.same(bodies(room), sent, "scrollback fetched the older messages, oldest first, none twice");
  for (let page = 0; page < 10 && room.oldState.paginationToken !== null; page++) {
    await withTimeout("scrollback to the start", reader.client.scrollback(room, 30));
  }
  t.equal(room.oldState.paginationToken, null, "scrolled back to the start of the room");
  t.equal(room.getLiveTimeline().getEvents()[0]?.getType(), EventType.RoomCreate, "the first event is m.room.create");
  reader.client.stopClient();

  // Bob leaves the private room; alice's client sees it.
  await bob.client.leave(privateRoom);
  await until("bob's client shows him left", () => bob.client.getRoom(privateRoom)?.getMyMembership() === KnownMembership.Leave);
  await until("alice sees bob leave", () => alice.client.getRoom(privateRoom)?.getMember(bob.userId)?.membership === KnownMembership.Leave);
  t.pass("leave seen by both");

  // Log out: stop syncing, revoke the token; the token no longer works.
  const bobToken = bob.client.getAccessToken();
  await bob.client.logout(true);
  await alice.client.logout(true);
  const after = await ward.request("GET", "/_matrix/client/v3/account/whoami", { token: bobToken ?? "" });
  t.equal(after.status, 401, "bob's token is revoked");
  t.equal(after.body.errcode, "M_UNKNOWN_TOKEN");
  for (const c of [alice.client, bob.client]) c.stopClient();

  t.comment(`responses checked against the spec: ${[...checkedRequests].map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  t.same(violations.splice(0), [], "every response the SDK received conforms to the spec");
  checkedRequests.clear();
});
