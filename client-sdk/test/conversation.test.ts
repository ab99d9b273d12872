/**
 * Two SDK clients talk in a public channel on a real Ward homeserver:
 * messages, a mention (m.mentions and the orange badge), a read receipt that
 * clears the unread counts, typing, a reply and an edit.
 */
import t from "tap";
import { editOf, inReplyToOf, mention, type MessageEvent } from "../src/index.js";
import { bodyOf, forEachDatabase, newClient, startServer, waitFor } from "./helpers/ward.js";

t.test("two clients converse", async (t) => {
  await forEachDatabase(t, "converse", async (t, db) => {
    const ward = await startServer(t, db);
    const alice = await newClient(t, ward, "alice");
    const bob = await newClient(t, ward, "bob");
    await alice.start();
    await bob.start();

    const channel = await alice.createChannel({ name: "Front desk", topic: "Daily coordination", visibility: "public" });
    const listed = await bob.publicChannels({ search: "front" });
    t.same(listed.channels.map((c) => c.roomId), [channel.roomId], "bob finds the public channel in the directory");
    const bobsJoin = waitFor(alice, "membership", (m) => m.userId === bob.userId && m.membership === "join");
    const bobRoom = await bob.joinRoom(channel.roomId);
    await bobsJoin;
    t.equal(channel.name, "Front desk");
    t.equal(channel.topic, "Daily coordination");
    t.ok(channel.isPublic);

    // A plain message, seen live on the other side.
    const hello = waitFor(bob, "timeline", (e) => bodyOf(e.event) === "Good morning");
    await channel.sendMessage("Good morning").confirmed();
    const seen = await hello;
    t.equal(seen.room, bobRoom);
    t.equal(seen.event.sender, alice.userId);
    t.ok(seen.live);

    // A mention: the pill, m.mentions and Bob's orange badge.
    const highlighted = waitFor(bob, "unread", (u) => u.room === bobRoom && u.highlights > 0);
    const mentioned = waitFor(bob, "timeline", (e) => bodyOf(e.event)?.startsWith("Bob, room 3") === true);
    await channel.sendMessage([mention(bob.userId, "Bob"), ", room 3 needs you"]).confirmed();
    const { event } = await mentioned;
    if (event.type !== "m.room.message" || event.content.msgtype !== "m.text") throw new Error("expected a text message");
    t.same(event.content["m.mentions"], { user_ids: [bob.userId] });
    t.match(event.content.formatted_body, `<a href="https://matrix.to/#/${bob.userId}">Bob</a>, room 3 needs you`);
    const badge = await highlighted;
    t.equal(badge.highlights, 1, "the mention is urgent (orange)");
    t.equal(badge.notifications, 2, "both unread messages count (blue)");
    t.same(bobRoom.unread, { notifications: 2, highlights: 1 });

    // Bob reads: his receipt clears both counts, and Alice sees the receipt.
    const cleared = waitFor(bob, "unread", (u) => u.room === bobRoom && u.notifications === 0 && u.highlights === 0);
    const receipt = waitFor(alice, "receipt", (r) => r.userId === bob.userId && r.eventId === event.event_id);
    await bobRoom.sendReadReceipt();
    await cleared;
    const r = await receipt;
    t.equal(r.receiptType, "m.read");
    t.equal(channel.readUpTo(bob.userId), event.event_id);

    // Typing, on and off.
    const typing = waitFor(alice, "typing", (e) => e.userIds.includes(bob.userId));
    await bobRoom.setTyping(true);
    t.same((await typing).userIds, [bob.userId]);
    t.same(channel.typing, [bob.userId]);
    const stopped = waitFor(alice, "typing", (e) => e.userIds.length === 0);
    await bobRoom.setTyping(false);
    await stopped;

    // Bob replies; the reply points at Alice's message and mentions her.
    const reply = waitFor(alice, "timeline", (e) => bodyOf(e.event) === "On my way");
    await bobRoom.reply(event as MessageEvent, "On my way").confirmed();
    const replied = (await reply).event as MessageEvent;
    t.equal(inReplyToOf(replied.content), event.event_id);
    t.same(replied.content["m.mentions"], { user_ids: [alice.userId] });

    // Alice edits her first message; Bob sees what it now says.
    const edit = waitFor(bob, "timeline", (e) => e.event.type === "m.room.message" && editOf(e.event.content) !== undefined);
    await channel.edit(seen.event as MessageEvent, "Good morning, everyone").confirmed();
    const edited = (await edit).event as MessageEvent;
    t.same(editOf(edited.content), {
      replaces: seen.event.event_id,
      newContent: { msgtype: "m.text", body: "Good morning, everyone", "m.mentions": {} },
    });
    t.equal(edited.content.body, "* Good morning, everyone", "the fallback for clients without edits");

    // Both windows hold the conversation in order.
    const bodies = bobRoom.timeline.map(bodyOf).filter((b) => b !== undefined);
    t.same(bodies, ["Good morning", "Bob, room 3 needs you", "On my way", "* Good morning, everyone"]);
  });
});
