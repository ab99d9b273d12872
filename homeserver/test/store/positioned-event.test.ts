import t from "tap";
import { insertPositionedEvent } from "../../src/store/positioned-event.js";
import { allocateStreamPositions, currentStreamPosition } from "../../src/store/stream.js";
import { currentStateTable } from "../../src/store/tables/current-state.js";
import { eventsTable } from "../../src/store/tables/events.js";
import { extremitiesTable } from "../../src/store/tables/extremities.js";
import { txnIdsTable } from "../../src/store/tables/txn-ids.js";
import { pushActionsTable } from "../../src/store/tables/push-actions.js";
import { forEachDatabase } from "../helpers/databases.js";
import { eventRow, memberEvent, sealedEvent, T0 } from "./fixtures.js";

const R = "!room:ward.test";

await forEachDatabase(t, "one statement writes the event, its state entry and its push actions", async (t, db) => {
  const member = await db.transaction(async (tx) => {
    const row = sealedEvent(tx, { ...memberEvent(R, "@bob:ward.test", "join"), streamPos: await allocateStreamPositions(tx) });
    await insertPositionedEvent(tx, row, { threadId: "main", actions: [{ userId: "@alice:ward.test", notify: true, highlight: false }] });
    return row;
  });
  t.strictSame(await eventsTable.get(db, member.eventId), { ...member, redactedBy: null });
  t.strictSame(await currentStateTable.get(db, R, "m.room.member", "@bob:ward.test"), {
    roomId: R, type: "m.room.member", stateKey: "@bob:ward.test", eventId: member.eventId, membership: "join", streamPos: member.streamPos,
  });
  t.strictSame(await pushActionsTable.forEvent(db, member.eventId), [
    { userId: "@alice:ward.test", roomId: R, eventId: member.eventId, streamPos: member.streamPos, threadId: "main", notify: true, highlight: false },
  ]);

  const leave = await db.transaction(async (tx) => {
    const row = sealedEvent(tx, { ...memberEvent(R, "@bob:ward.test", "leave"), streamPos: await allocateStreamPositions(tx) });
    await insertPositionedEvent(tx, row, { threadId: "main", actions: [] });
    return row;
  });
  t.equal((await currentStateTable.get(db, R, "m.room.member", "@bob:ward.test"))?.eventId, leave.eventId, "a later state event replaces the entry");
  t.strictSame(await pushActionsTable.forEvent(db, leave.eventId), [], "no recipients, no rows");

  const message = await db.transaction(async (tx) => {
    const row = sealedEvent(tx, { ...eventRow(R), streamPos: await allocateStreamPositions(tx) });
    await insertPositionedEvent(tx, row, {
      threadId: "$root",
      actions: [{ userId: "@alice:ward.test", notify: true, highlight: true }, { userId: "@carol:ward.test", notify: true, highlight: false }],
    });
    return row;
  });
  t.strictSame((await currentStateTable.listForRoom(db, R)).length, 1, "a message adds no state entry");
  t.strictSame((await pushActionsTable.forEvent(db, message.eventId)).map((r) => [r.userId, r.threadId, r.highlight]), [["@alice:ward.test", "$root", true], ["@carol:ward.test", "$root", false]]);

  await t.rejects(
    db.transaction(async (tx) => insertPositionedEvent(tx, { ...message, streamPos: await allocateStreamPositions(tx) }, { threadId: "main", actions: [{ userId: "@x:ward.test", notify: true, highlight: false }] })),
    { code: "23505" },
    "a duplicate event ID fails the whole statement",
  );
  t.strictSame(await pushActionsTable.forEvent(db, message.eventId).then((rows) => rows.map((r) => r.userId)), ["@alice:ward.test", "@carol:ward.test"], "and writes none of its rows");
});

await forEachDatabase(t, "the same statement can take the positions, replace the extremities and record the transaction ID", async (t, db) => {
  await extremitiesTable.replace(db, R, ["$old1", "$old2"]);
  const head = await currentStreamPosition(db);
  const txn = { userId: "@alice:ward.test", deviceId: "D1", txnId: "m1", createdTs: T0 };
  const first = sealedEvent(db, { ...eventRow(R), streamPos: 0 });
  const position = await db.transaction((tx) => insertPositionedEvent(tx, first, { threadId: "main", actions: [] }, { allocate: 3, onlyExtremity: true, txn }));
  t.equal(position, head + 1, "the first of the positions taken");
  t.equal(await currentStreamPosition(db), head + 3, "all three taken");
  t.equal((await eventsTable.get(db, first.eventId))?.streamPos, head + 1, "the event got it (its own streamPos was ignored)");
  t.strictSame(await extremitiesTable.get(db, R), [first.eventId], "the only extremity now");
  t.strictSame(await txnIdsTable.get(db, "@alice:ward.test", "D1", "m1"), { roomId: R, eventId: first.eventId });

  const second = sealedEvent(db, { ...eventRow(R), streamPos: head + 2 });
  t.equal(await db.transaction((tx) => insertPositionedEvent(tx, second, { threadId: "main", actions: [] }, { txn })), head + 2, "a position taken earlier");
  t.strictSame(await txnIdsTable.get(db, "@alice:ward.test", "D1", "m1"), { roomId: R, eventId: first.eventId }, "a transaction ID is never overwritten");
  t.strictSame(await extremitiesTable.get(db, R), [first.eventId], "extremities untouched unless asked");

  const failed = sealedEvent(db, { ...eventRow(R), streamPos: 0 });
  await t.rejects(db.transaction(async (tx) => {
    await insertPositionedEvent(tx, failed, { threadId: "main", actions: [] }, { allocate: 1, onlyExtremity: true, txn: { ...txn, txnId: "m2" } });
    throw new Error("the writer failed later");
  }));
  t.equal(await currentStreamPosition(db), head + 3, "a rolled-back write takes no position");
  t.strictSame(await extremitiesTable.get(db, R), [first.eventId]);
  t.equal(await txnIdsTable.get(db, "@alice:ward.test", "D1", "m2"), null);
});
