import t from "tap";
import { insertPositionedEvent } from "../../src/store/positioned-event.js";
import { allocateStreamPositions } from "../../src/store/stream.js";
import { currentStateTable } from "../../src/store/tables/current-state.js";
import { eventsTable } from "../../src/store/tables/events.js";
import { pushActionsTable } from "../../src/store/tables/push-actions.js";
import { forEachDatabase } from "../helpers/databases.js";
import { eventRow, memberEvent, sealedEvent } from "./fixtures.js";

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
