/**
 * readRoomHead: the one read a local event makes under its room lock gives
 * what the four separate reads gave (transaction ID, state heads,
 * extremities with depth, the joined members' stored push rules), and a
 * message costs a fixed, small number of statements however many members
 * the room has.
 */
import t from "tap";
import { roomVersion } from "@ward/protocol";
import { readRoomHead } from "../../../src/services/rooms/head-read.js";
import { pushRulesOf } from "../../../src/services/rooms/push-rules-source.js";
import { loadCurrentState } from "../../../src/services/rooms/stored-events.js";
import { extremitiesTable } from "../../../src/store/tables/extremities.js";
import { pushRulesTable } from "../../../src/store/tables/push-rules.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { recordStatements } from "../../helpers/statements.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { createRoom, expectOk, membership, send } from "../../api/client/sync-fixtures.js";

await forEachDatabase(t, "one read gives what the four separate reads gave", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob, carol] = await Promise.all(["alice", "bob", "carol"].map((name) => hs.registerUser(name)));
  const roomId = await createRoom(hs, alice!, { preset: "public_chat", topic: "rota" });
  await membership(hs, bob!, roomId, "join");
  expectOk("push rule", await hs.request("PUT", "/_matrix/client/v3/pushrules/global/content/rota", { token: bob!.accessToken, body: { pattern: "rota", actions: ["notify"] } }));
  const txnId = "t-1";
  const sent = expectOk("send", await hs.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txnId}`, { token: alice!.accessToken, body: { msgtype: "m.text", body: "hi" } }));
  const [txnRow] = await db.query<{ user_id: string; device_id: string; txn_id: string; event_id: string }>("SELECT user_id, device_id, txn_id, event_id FROM txn_ids WHERE event_id = $1", [(await sent).event_id]);
  const txn = { userId: txnRow!.user_id, deviceId: txnRow!.device_id, key: txnRow!.txn_id };

  const [room] = await db.query<{ room_version: string }>("SELECT room_version FROM rooms WHERE room_id = $1", [roomId]);
  const version = roomVersion(room!.room_version);
  const tuples = [["m.room.create", ""], ["m.room.topic", ""]] as const;
  const read = await db.transaction((tx) => readRoomHead(tx, roomId, tuples, txn));

  t.equal(read.previousEventId, txnRow!.event_id, "the transaction ID's event");
  const state = await loadCurrentState(db, roomId, version, tuples, { joinedMembers: true });
  t.same(new Set(read.state.map((h) => h.eventId)), new Set([...state.values()].map((e) => e.event_id)), "the same state heads");
  const extremities = await extremitiesTable.withDepth(db, roomId);
  t.same(read.extremities, extremities, "the same extremities and depth");
  t.same([...read.joinedPushRules.members].sort(), [alice!.userId, bob!.userId].sort(), "every joined member, not carol");
  const stored = await pushRulesTable.getMany(db, [alice!.userId, bob!.userId, carol!.userId]);
  t.same(new Map(stored.map((r) => [r.userId, r.rulesJson])), read.joinedPushRules.stored, "the stored rules of those who have any");
  t.ok(read.joinedPushRules.stored.has(bob!.userId), "bob changed his rules");

  const other = await db.transaction((tx) => readRoomHead(tx, roomId, tuples, { ...txn, key: "another" }));
  t.equal(other.previousEventId, null, "another transaction ID finds nothing");
  const none = await db.transaction((tx) => readRoomHead(tx, roomId, tuples, undefined));
  t.equal(none.previousEventId, null);

  // Rules already read are not read again; anyone else's are.
  const counting = recordStatements(db);
  const rules = await pushRulesOf(counting.q, [bob!.userId, alice!.userId], read.joinedPushRules);
  t.equal(counting.statements.length, 0, "members' rules come from the head read");
  t.same(rules, await pushRulesOf(db, [bob!.userId, alice!.userId]), "the same rulesets as read alone");
  await pushRulesOf(counting.q, [bob!.userId, carol!.userId], read.joinedPushRules);
  t.equal(counting.statements.length, 1, "carol is not a member: her row is read");
});

await forEachDatabase(t, "a message costs the same few statements in a room of 2 and of 12", async (t, db) => {
  const counting = recordStatements(db, { transactions: true });
  const hs = await startTestHomeserver(t, counting.q);
  const users = await Promise.all(Array.from({ length: 12 }, (_, i) => hs.registerUser(`user${i}`)));
  const [alice, bob] = users;
  const small = await createRoom(hs, alice!, { preset: "public_chat" });
  const large = await createRoom(hs, alice!, { preset: "public_chat" });
  await membership(hs, bob!, small, "join");
  for (const user of users.slice(1)) await membership(hs, user, large, "join");
  // Warm: the event bodies are decoded once per process (decoded-events.ts).
  await send(hs, alice!, small, "warm");
  await send(hs, alice!, large, "warm");

  const statementsOf = async (roomId: string) => {
    counting.clear();
    await send(hs, alice!, roomId, "counted");
    return counting.statements.filter((sql) => !/audit|access_tokens|FROM devices|UPDATE devices/.test(sql));
  };
  const inSmall = await statementsOf(small);
  const inLarge = await statementsOf(large);
  t.equal(inLarge.length, inSmall.length, "as many in the large room as in the small");
  t.ok(inSmall.length <= 3, `room lock, head read, the event's statement: ${inSmall.map((s) => s.trim().slice(0, 40)).join(" | ")}`);
});
