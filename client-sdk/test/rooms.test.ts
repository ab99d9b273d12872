/**
 * Rooms on a real server: public and private channels, the staff directory,
 * the public channel directory, one-to-one and group messages (m.direct on
 * both sides, the existing one-to-one reused), joining by alias, leaving.
 */
import t from "tap";
import { forEachDatabase, newClient, startServer, syncedUntil, waitFor } from "./helpers/ward.js";

t.test("channels and the directories", async (t) => {
  await forEachDatabase(t, "channels", async (t, db) => {
    const ward = await startServer(t, db);
    const alice = await newClient(t, ward, "alice");
    const bob = await newClient(t, ward, "bob");
    await bob.setDisplayName("Bob Jones");
    await alice.start();
    await bob.start();

    const lobby = await alice.createChannel({ name: "Lobby", topic: "Everyone", visibility: "public", aliasName: "lobby" });
    const board = await alice.createChannel({ name: "Board", visibility: "private" });
    await syncedUntil(alice, () => lobby.membership === "join" && board.membership === "join");
    t.ok(lobby.isPublic);
    t.notOk(board.isPublic);
    t.equal(board.getState("m.room.join_rules")?.content.join_rule, "invite", "a private channel is invite-only");

    const page = await bob.publicChannels();
    t.same(page.channels, [{ roomId: lobby.roomId, name: "Lobby", topic: "Everyone", alias: "#lobby:localhost", memberCount: 1 }], "only the public channel is listed");
    t.same((await bob.publicChannels({ search: "board" })).channels, [], "the private one is never listed");

    t.equal(await bob.resolveAlias("#lobby:localhost"), lobby.roomId);
    const joined = await bob.joinRoom("#lobby:localhost");
    t.equal(joined.roomId, lobby.roomId, "joining by alias");
    await syncedUntil(bob, () => joined.membership === "join");
    t.same(bob.rooms.map((r) => r.roomId), [lobby.roomId]);
    t.same(joined.members().sort(), [alice.userId, bob.userId].sort());

    const found = await alice.searchUsers("bob");
    t.same(found, [{ userId: bob.userId, displayName: "Bob Jones", avatarUrl: undefined }], "the staff directory finds Bob");

    const left = waitFor(alice, "membership", (m) => m.userId === bob.userId && m.membership === "leave");
    await joined.leave();
    t.equal((await left).previous, "join");
    await syncedUntil(bob, () => joined.membership === "leave");
    t.same(bob.rooms, []);
  });
});

t.test("one-to-one and group messages", async (t) => {
  await forEachDatabase(t, "direct", async (t, db) => {
    const ward = await startServer(t, db);
    const alice = await newClient(t, ward, "alice");
    const bob = await newClient(t, ward, "bob");
    const carol = await newClient(t, ward, "carol");
    await bob.setDisplayName("Bob Jones");
    await Promise.all([alice.start(), bob.start(), carol.start()]);

    const invited = waitFor(bob, "invite");
    const dm = await alice.openDirectMessage([bob.userId]);
    const invite = await invited;
    t.equal(invite.room.roomId, dm.roomId);
    t.equal(invite.inviter, alice.userId);
    t.ok(invite.isDirect, "the invite says it is a direct message");
    t.same(bob.invites.map((r) => r.roomId), [dm.roomId]);

    await bob.joinRoom(dm.roomId);
    await syncedUntil(bob, () => bob.accountData("m.direct") !== undefined && bob.getRoom(dm.roomId)?.membership === "join");
    t.same(bob.accountData("m.direct"), { [alice.userId]: [dm.roomId] }, "Bob's clients list it as a message with Alice");
    t.ok(bob.getRoom(dm.roomId)?.isDirect);
    await syncedUntil(alice, () => alice.accountData("m.direct") !== undefined && dm.members().length === 2);
    t.same(alice.accountData("m.direct"), { [bob.userId]: [dm.roomId] });
    t.ok(dm.isDirect);
    t.equal(dm.displayName, "Bob Jones", "a direct message is named after the other member");
    t.equal(dm.getState("m.room.join_rules")?.content.join_rule, "invite");

    const same = await alice.openDirectMessage([bob.userId]);
    t.equal(same, dm, "the existing one-to-one is opened again, not a new one");

    const group = await alice.openDirectMessage([bob.userId, carol.userId]);
    t.not(group.roomId, dm.roomId, "a group with other members is another room");
    await syncedUntil(alice, () => group.members(["join", "invite"]).length === 3);
    t.same(alice.accountData("m.direct"), { [bob.userId]: [dm.roomId, group.roomId], [carol.userId]: [group.roomId] });
    await t.rejects(alice.openDirectMessage([alice.userId]), RangeError, "a message needs someone else");
  });
});
