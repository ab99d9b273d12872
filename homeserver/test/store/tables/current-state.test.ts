import t from "tap";
import { currentStateTable, type CurrentStateRow } from "../../../src/store/tables/current-state.js";
import { forEachDatabase } from "../../helpers/databases.js";

const R1 = "!one:ward.test";
const R2 = "!two:ward.test";
let pos = 0;
const member = (roomId: string, userId: string, membership: string): CurrentStateRow =>
  ({ roomId, type: "m.room.member", stateKey: userId, eventId: `$m${++pos}`, membership, streamPos: pos });

await forEachDatabase(t, "upsert replaces the row for (room, type, state_key)", async (t, db) => {
  const topic: CurrentStateRow = { roomId: R1, type: "m.room.topic", stateKey: "", eventId: "$t1", membership: null, streamPos: 1 };
  await currentStateTable.upsert(db, topic);
  await currentStateTable.upsert(db, { ...topic, eventId: "$t2", streamPos: 5 });
  t.strictSame(await currentStateTable.get(db, R1, "m.room.topic", ""), { ...topic, eventId: "$t2", streamPos: 5 });
  t.equal(await currentStateTable.get(db, R1, "m.room.name", ""), null);
  await currentStateTable.upsert(db, member(R1, "@a:ward.test", "join"));
  t.strictSame((await currentStateTable.listForRoom(db, R1)).map((r) => r.eventId), ["$m" + pos, "$t2"]);
});

await forEachDatabase(t, "rooms by membership, joined members, counts", async (t, db) => {
  const [a, b, c] = ["@a:ward.test", "@b:ward.test", "@c:ward.test"];
  for (const row of [member(R1, a, "join"), member(R1, b, "join"), member(R1, c, "invite"), member(R2, a, "invite"), member(R2, b, "leave")]) {
    await currentStateTable.upsert(db, row);
  }
  await currentStateTable.upsert(db, member(R2, c, "join"));
  await currentStateTable.upsert(db, member(R1, b, "leave")); // b leaves R1
  t.strictSame((await currentStateTable.roomsForUser(db, a, ["join"])).map((r) => r.roomId), [R1]);
  t.strictSame((await currentStateTable.roomsForUser(db, a, ["join", "invite"])).map((r) => [r.roomId, r.membership]), [[R1, "join"], [R2, "invite"]]);
  t.strictSame((await currentStateTable.roomsForUser(db, b, ["join"])), []);
  const [inv] = await currentStateTable.roomsForUser(db, c, ["invite"]);
  t.strictSame(Object.keys(inv ?? {}).sort(), ["eventId", "membership", "roomId", "streamPos"]);
  t.strictSame(await currentStateTable.joinedMembers(db, R1), [a]);
  t.strictSame(await currentStateTable.joinedMembers(db, "!none:ward.test"), []);
  t.strictSame(await currentStateTable.memberCounts(db, R1), { join: 1, invite: 1, leave: 1 });
  t.strictSame(await currentStateTable.memberCounts(db, "!none:ward.test"), {});
});
