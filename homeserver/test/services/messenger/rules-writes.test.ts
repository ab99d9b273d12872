/**
 * The messenger rules as the event writer applies them, on both drivers:
 * every refusal writes nothing; the user who may, may.
 */
import t from "tap";
import { writeChannelRedaction } from "../../../src/services/messenger/channel-redaction.js";
import { CHANNEL_REDACTION_OFF, DIRECT_REFUSALS } from "../../../src/services/messenger/rules.js";
import { usersTable } from "../../../src/store/tables/users.js";
import { currentStateTable } from "../../../src/store/tables/current-state.js";
import type { Database } from "../../../src/store/database.js";
import { forEachDatabase, type Tap } from "../../helpers/databases.js";
import { errorOf, roomsFixture, type RoomsFixture } from "../rooms/fixtures.js";

const forbidden = (message: string) => ({ status: 403, errcode: "M_FORBIDDEN", message });
/** The answer for a room that does not exist, and for one hidden from the sender. */
const hidden = { status: 404, errcode: "M_NOT_FOUND", message: "Room not found" };

async function setChannelRedaction(f: RoomsFixture, allowed: boolean): Promise<void> {
  await f.ctx.db.transaction((tx) => writeChannelRedaction(tx, allowed, null, f.now.value));
}

async function people(t: Tap, db: Database) {
  const f = await roomsFixture(t, db);
  return { f, alice: await f.user("alice"), bob: await f.user("bob"), carol: await f.user("carol") };
}

await forEachDatabase(t, "direct conversation: nobody added, removed or leaving; no topic; no deletion", async (t, db) => {
  const { f, alice, bob, carol } = await people(t, db);
  const roomId = await f.makeRoom(alice, { preset: "trusted_private_chat", is_direct: true, invite: [bob] });
  const message = await f.rooms.send(f.sender(bob), roomId, "m.room.message", "m1", { msgtype: "m.text", body: "hello" });
  const count = (await f.events(roomId)).length;
  t.same(await errorOf(f.rooms.invite(alice, roomId, carol)), forbidden(DIRECT_REFUSALS.invite));
  t.same(await errorOf(f.rooms.kick(alice, roomId, bob)), forbidden(DIRECT_REFUSALS.remove));
  t.same(await errorOf(f.rooms.ban(alice, roomId, bob)), forbidden(DIRECT_REFUSALS.remove));
  t.same(await errorOf(f.rooms.leave(bob, roomId)), forbidden(DIRECT_REFUSALS.leave));
  t.same(await errorOf(f.rooms.leave(bob, roomId, undefined, { accountDeactivation: true })), forbidden(DIRECT_REFUSALS.leave), "the flag alone is not enough");
  t.same(await errorOf(f.rooms.join(carol, roomId)), { status: 404, errcode: "M_NOT_FOUND", message: "Room not found" }, "an outsider: as if it did not exist");
  t.same(await errorOf(f.rooms.putState(f.sender(alice), roomId, "m.room.topic", "", { topic: "x" })), forbidden(DIRECT_REFUSALS.topic));
  t.same(await errorOf(f.rooms.putState(f.sender(alice), roomId, "m.room.join_rules", "", { join_rule: "public" })),
    forbidden("A direct conversation's m.room.join_rules cannot be changed"));
  t.same(await errorOf(f.rooms.redact(f.sender(bob), roomId, message, "r1")), forbidden(DIRECT_REFUSALS.redaction), "not even one's own message");
  await setChannelRedaction(f, true);
  t.same(await errorOf(f.rooms.redact(f.sender(bob), roomId, message, "r2")), forbidden(DIRECT_REFUSALS.redaction), "whatever the channel setting");
  t.equal((await f.events(roomId)).length, count, "nothing was written");

  // What members may do.
  await f.rooms.putState(f.sender(alice), roomId, "m.room.name", "", { name: "Us" });
  await f.rooms.putState(f.sender(bob), roomId, "m.room.member", bob, { membership: "join", displayname: "Bobby" });
  t.equal(await f.rooms.join(bob, roomId), roomId, "joining again is a no-op");
  t.equal((await f.events(roomId)).length, count + 2);
});

await forEachDatabase(t, "a deactivated account's leave gets out of a direct conversation", async (t, db) => {
  const { f, alice, bob } = await people(t, db);
  const roomId = await f.makeRoom(alice, { is_direct: true, invite: [bob] });
  await usersTable.deactivate(db, bob);
  await f.rooms.leave(bob, roomId, undefined, { accountDeactivation: true });
  t.equal((await currentStateTable.get(db, roomId, "m.room.member", bob))?.membership, "leave");
  t.same(await errorOf(f.rooms.leave(alice, roomId, undefined, { accountDeactivation: true })), forbidden(DIRECT_REFUSALS.leave), "only the deactivated account's own");
});

await forEachDatabase(t, "channels: deletion per the org setting, read at each redaction", async (t, db) => {
  const { f, alice, bob } = await people(t, db);
  const roomId = await f.makeRoom(alice, { preset: "public_chat", name: "Lobby", topic: "All staff" });
  await f.rooms.join(bob, roomId);
  const first = await f.rooms.send(f.sender(bob), roomId, "m.room.message", "m1", { msgtype: "m.text", body: "oops" });
  t.same(await errorOf(f.rooms.redact(f.sender(bob), roomId, first, "r1")), forbidden(CHANNEL_REDACTION_OFF), "off by default");
  await setChannelRedaction(f, true);
  const redaction = await f.rooms.redact(f.sender(bob), roomId, first, "r2");
  t.ok(redaction.startsWith("$"), "allowed once an admin turned it on");
  const second = await f.rooms.send(f.sender(bob), roomId, "m.room.message", "m2", { msgtype: "m.text", body: "again" });
  const fromAlice = await f.rooms.send(f.sender(alice), roomId, "m.room.message", "m3", { msgtype: "m.text", body: "mine" });
  t.same(await errorOf(f.rooms.redact(f.sender(bob), roomId, fromAlice, "r3")),
    forbidden("You may only redact your own events without the room's redact power level"), "then Matrix's rules apply");
  await setChannelRedaction(f, false);
  t.same(await errorOf(f.rooms.redact(f.sender(bob), roomId, second, "r5")), forbidden(CHANNEL_REDACTION_OFF), "off again at once");
  // Members come and go: leave, come back, topic stays.
  await f.rooms.leave(bob, roomId);
  await f.rooms.join(bob, roomId);
  await f.rooms.putState(f.sender(alice), roomId, "m.room.topic", "", { topic: "Everyone" });
});

await forEachDatabase(t, "a private channel is hidden from outsiders, like a room that does not exist", async (t, db) => {
  const { f, alice, bob, carol } = await people(t, db);
  const roomId = await f.makeRoom(alice, { preset: "private_chat", name: "Board" });
  const unknown = "!doesnotexist:localhost";
  for (const target of [roomId, unknown]) {
    t.same(await errorOf(f.rooms.join(carol, target)), { status: 404, errcode: "M_NOT_FOUND", message: "Room not found" }, `join ${target}`);
    t.same(await errorOf(f.rooms.send(f.sender(carol), target, "m.room.message", "m1", { body: "x" })), hidden, `send ${target}`);
    t.same(await errorOf(f.rooms.leave(carol, target)), hidden, `leave ${target}`);
    t.same(await errorOf(f.rooms.invite(carol, target, bob)), hidden, `invite ${target}`);
    t.same(await errorOf(f.rooms.kick(carol, target, alice)), hidden, `kick ${target}`);
    t.same(await errorOf(f.rooms.ban(carol, target, alice)), hidden, `ban ${target}`);
    t.same(await errorOf(f.rooms.putState(f.sender(carol), target, "m.room.name", "", { name: "x" })), hidden, `state ${target}`);
    t.same(await errorOf(f.rooms.redact(f.sender(carol), target, "$x", "r1")), hidden, `redact ${target}`);
  }
  // Any member may invite; only an invite lets someone in.
  await f.rooms.join(alice, roomId);
  await f.rooms.invite(alice, roomId, bob);
  await f.rooms.join(bob, roomId);
  await f.rooms.invite(bob, roomId, carol);
  t.equal(await f.rooms.join(carol, roomId), roomId);
});
