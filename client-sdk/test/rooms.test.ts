/**
 * Rooms on a real server: public and private channels, the user search,
 * the public channel directory, joining by alias, leaving; direct
 * conversations through Ward's endpoint (the one-to-one reused, groups new,
 * m.direct kept by the server); Ward's staff directory, paged.
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

t.test("direct conversations through Ward's endpoint: the one-to-one reused, groups new", async (t) => {
  await forEachDatabase(t, "direct", async (t, db) => {
    const ward = await startServer(t, db);
    const alice = await newClient(t, ward, "alice");
    const bob = await newClient(t, ward, "bob");
    const carol = await newClient(t, ward, "carol");
    await bob.setDisplayName("Bob Jones");
    await Promise.all([alice.start(), bob.start(), carol.start()]);

    const opened = await alice.openDirect([bob.userId]);
    t.equal(opened.created, true, "the first one-to-one is new");
    const dm = opened.room;
    // The server joins Bob at once and lists the room in both users' m.direct.
    await syncedUntil(bob, () => bob.getRoom(dm.roomId)?.membership === "join" && bob.accountData("m.direct") !== undefined);
    t.same(bob.accountData("m.direct"), { [alice.userId]: [dm.roomId] }, "Bob's clients list it as a conversation with Alice");
    t.ok(bob.getRoom(dm.roomId)?.isDirect);
    await syncedUntil(alice, () => dm.members().length === 2 && alice.accountData("m.direct") !== undefined);
    t.same(alice.accountData("m.direct"), { [bob.userId]: [dm.roomId] });
    t.ok(dm.isDirect);
    t.equal(dm.displayName, "Bob Jones", "a one-to-one is named after the other member");

    const again = await alice.openDirect([bob.userId, bob.userId, alice.userId]);
    t.same({ room: again.room.roomId, created: again.created }, { room: dm.roomId, created: false }, "the existing one-to-one, not a new one (repeats and oneself left out)");
    t.equal(again.room, dm, "the same Room object");
    t.equal((await bob.openDirectMessage([alice.userId])).roomId, dm.roomId, "from Bob's side too");

    const group = await alice.openDirect([bob.userId, carol.userId], { name: "Night shift" });
    t.equal(group.created, true);
    t.not(group.room.roomId, dm.roomId);
    await syncedUntil(alice, () => group.room.members().length === 3 && group.room.name === "Night shift");
    t.ok(group.room.isDirect);
    const another = await alice.openDirectMessage([bob.userId, carol.userId]);
    t.not(another.roomId, group.room.roomId, "a group is always new");

    await t.rejects(dm.invite(carol.userId), { name: "WardApiError", status: 403, errcode: "M_FORBIDDEN" }, "nobody can be added to a conversation");
    await t.rejects(alice.openDirectMessage([alice.userId]), RangeError, "a conversation needs someone else");
    await t.rejects(alice.openDirectMessage(["@nobody:localhost"]), { name: "WardApiError", status: 404, errcode: "M_NOT_FOUND" });
  });
});

t.test("the staff directory, a page at a time", async (t) => {
  await forEachDatabase(t, "staff", async (t, db) => {
    const ward = await startServer(t, db);
    const alice = await newClient(t, ward, "alice");
    const bob = await newClient(t, ward, "bob");
    await newClient(t, ward, "carol");
    await bob.setDisplayName("Bob Jones");

    t.same(await alice.staffDirectory({ search: "jones" }), { members: [{ userId: bob.userId, displayName: "Bob Jones", avatarUrl: undefined }], nextBatch: undefined, total: 1 }, "found by display name");
    t.same((await alice.staffDirectory({ search: "nobody-here" })).members, []);

    const everyone: string[] = [];
    let page = await alice.staffDirectory({ limit: 2 });
    t.equal(page.members.length, 2);
    t.type(page.nextBatch, "string", "more to come");
    everyone.push(...page.members.map((m) => m.userId));
    while (page.nextBatch !== undefined) {
      page = await alice.staffDirectory({ limit: 2, from: page.nextBatch });
      everyone.push(...page.members.map((m) => m.userId));
    }
    t.equal(page.total, everyone.length, "total counts every listed member");
    t.same(new Set(everyone), new Set(["@alice:localhost", "@bob:localhost", "@carol:localhost"]), "everyone who signed in, each once");
  });
});
