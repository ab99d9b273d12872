/**
 * GET /sync: unread counts, room summaries and account data (with the
 * computed m.push_rules).
 */
import t from "tap";
import { defaultPushRules } from "@ward/protocol";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver, type TestHomeserver } from "../../helpers/homeserver.js";
import { allocateStreamPositions } from "../../../src/store/stream.js";
import { accountDataTable, GLOBAL_ACCOUNT_DATA } from "../../../src/store/tables/account-data.js";
import { createRoom, invite, membership, send, sync } from "./sync-fixtures.js";

const sorted = (o: object | undefined) => Object.keys(o ?? {}).sort();

/** Account data has no API yet: written as its service will, then announced on the bus. */
async function putAccountData(hs: TestHomeserver, userId: string, roomId: string, type: string, content: object): Promise<void> {
  const position = await hs.context.db.transaction(async (tx) => {
    const streamPos = await allocateStreamPositions(tx);
    await accountDataTable.upsert(tx, { userId, roomId, type, content: JSON.stringify(content), streamPos });
    return streamPos;
  });
  await hs.context.bus.publish({ kind: "stream", position, roomIds: [], userIds: [userId] });
}

await forEachDatabase(t, "unread counts: every message notifies, a mention highlights, one's own message reads", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  const start = await sync(hs, bob);
  t.same(start.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 0, highlight_count: 0 });
  await send(hs, alice, roomId, "hello");
  await send(hs, alice, roomId, { msgtype: "m.text", body: "bob, look", "m.mentions": { user_ids: [bob.userId] } });
  const unread = await sync(hs, bob, { since: start.next_batch });
  t.same(unread.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 2, highlight_count: 1 });
  const aliceView = await sync(hs, alice);
  t.same(aliceView.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 0, highlight_count: 0 }, "not for the sender");
  await send(hs, bob, roomId, "seen");
  const read = await sync(hs, bob, { since: unread.next_batch });
  t.same(read.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 0, highlight_count: 0 }, "sending marks the room read");
  await send(hs, alice, roomId, "again");
  const after = await sync(hs, bob);
  t.same(after.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 1, highlight_count: 0 });
});

await forEachDatabase(t, "summary: heroes in join order, never oneself; member counts", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const carol = await hs.registerUser("carol");
  const dave = await hs.registerUser("dave");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  await membership(hs, carol, roomId, "join");
  await invite(hs, alice, roomId, dave.userId);
  const res = await sync(hs, alice);
  t.same(res.rooms?.join?.[roomId]?.summary, { "m.heroes": [bob.userId, carol.userId, dave.userId], "m.joined_member_count": 3, "m.invited_member_count": 1 });
  const bobView = await sync(hs, bob);
  t.same(bobView.rooms?.join?.[roomId]?.summary?.["m.heroes"], [alice.userId, carol.userId, dave.userId]);
  await membership(hs, carol, roomId, "leave");
  const inc = await sync(hs, alice, { since: res.next_batch });
  t.same(inc.rooms?.join?.[roomId]?.summary, { "m.heroes": [bob.userId, dave.userId], "m.joined_member_count": 2, "m.invited_member_count": 1 }, "sent again when membership changes");
  await send(hs, bob, roomId, "chat");
  const quiet = await sync(hs, alice, { since: inc.next_batch });
  t.equal(quiet.rooms?.join?.[roomId]?.summary, undefined, "omitted when nothing changed");
});

await forEachDatabase(t, "account data: global and per room, filtered; m.push_rules computed", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice);
  await putAccountData(hs, alice.userId, GLOBAL_ACCOUNT_DATA, "org.example.settings", { theme: "dark" });
  await putAccountData(hs, alice.userId, GLOBAL_ACCOUNT_DATA, "m.push_rules", { global: {} });
  await putAccountData(hs, alice.userId, roomId, "m.tag", { tags: { "m.favourite": {} } });
  const res = await sync(hs, alice);
  t.same(res.account_data?.events, [
    { type: "org.example.settings", content: { theme: "dark" } },
    { type: "m.push_rules", content: { global: defaultPushRules(alice.userId) } },
  ], "the stored m.push_rules row is not what clients get");
  t.same(res.rooms?.join?.[roomId]?.account_data, { events: [{ type: "m.tag", content: { tags: { "m.favourite": {} } } }] });

  const polling = sync(hs, alice, { since: res.next_batch, timeout: 20_000 });
  await new Promise((r) => setTimeout(r, 100));
  await putAccountData(hs, alice.userId, roomId, "m.tag", { tags: {} });
  const inc = await polling;
  t.same(sorted(inc.rooms?.join), [roomId], "a room with only account data changes appears");
  t.same(inc.rooms?.join?.[roomId]?.account_data, { events: [{ type: "m.tag", content: { tags: {} } }] });
  t.same(inc.rooms?.join?.[roomId]?.timeline?.events, []);
  t.same(inc.account_data, { events: [] });

  const filtered = await sync(hs, alice, { filter: JSON.stringify({ account_data: { not_types: ["m.push_*"] }, room: { account_data: { types: ["nothing"] } } }) });
  t.same(filtered.account_data?.events?.map((e) => e.type), ["org.example.settings"]);
  t.same(filtered.rooms?.join?.[roomId]?.account_data, { events: [] });
});
