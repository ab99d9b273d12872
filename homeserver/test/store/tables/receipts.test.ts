import t from "tap";
import { receiptsTable, UNTHREADED, type ReceiptRow } from "../../../src/store/tables/receipts.js";
import { roomsTable } from "../../../src/store/tables/rooms.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { T0 } from "../fixtures.js";

const R1 = "!one:ward.test";
const R2 = "!two:ward.test";
const A = "@a:ward.test";
const B = "@b:ward.test";

const receipt = (mods: Partial<ReceiptRow>): ReceiptRow => ({
  roomId: R1, receiptType: "m.read", userId: A, threadId: UNTHREADED, eventId: "$e1", eventStreamPos: 10, ts: T0, streamPos: 100, ...mods,
});

async function rooms(db: Parameters<typeof roomsTable.insert>[0]): Promise<void> {
  for (const roomId of [R1, R2]) await roomsTable.insert(db, { roomId, roomVersion: "11", creator: A, createdTs: T0, isDirect: false, published: false });
}

await forEachDatabase(t, "moveForward: stores, moves forward, never back", async (t, db) => {
  await rooms(db);
  t.equal(await receiptsTable.moveForward(db, receipt({})), true, "first receipt");
  t.strictSame(await receiptsTable.get(db, R1, "m.read", A, UNTHREADED), receipt({}));
  t.equal(await receiptsTable.moveForward(db, receipt({ eventId: "$e0", eventStreamPos: 5, streamPos: 101 })), false, "an earlier event");
  t.equal(await receiptsTable.moveForward(db, receipt({ streamPos: 102 })), false, "the same event");
  t.strictSame(await receiptsTable.get(db, R1, "m.read", A, UNTHREADED), receipt({}), "unchanged");
  t.equal(await receiptsTable.moveForward(db, receipt({ eventId: "$e2", eventStreamPos: 20, ts: T0 + 1, streamPos: 103 })), true, "a later event");
  t.strictSame(await receiptsTable.get(db, R1, "m.read", A, UNTHREADED), receipt({ eventId: "$e2", eventStreamPos: 20, ts: T0 + 1, streamPos: 103 }));
  t.equal(await receiptsTable.moveForward(db, receipt({ threadId: "main", eventId: "$e0", eventStreamPos: 5, streamPos: 104 })), true, "threads are separate");
  t.equal(await receiptsTable.moveForward(db, receipt({ receiptType: "m.read.private", eventId: "$e0", eventStreamPos: 5, streamPos: 105 })), true, "types are separate");
  t.equal(await receiptsTable.get(db, R1, "m.read", B, UNTHREADED), null);
});

await forEachDatabase(t, "visibleChanges: public receipts and the viewer's private ones, per room range, up to a position", async (t, db) => {
  await rooms(db);
  await receiptsTable.moveForward(db, receipt({ streamPos: 1 }));
  await receiptsTable.moveForward(db, receipt({ userId: B, receiptType: "m.read.private", streamPos: 2 }));
  await receiptsTable.moveForward(db, receipt({ userId: A, receiptType: "m.read.private", streamPos: 3 }));
  await receiptsTable.moveForward(db, receipt({ roomId: R2, userId: B, threadId: "main", streamPos: 4 }));
  await receiptsTable.moveForward(db, receipt({ userId: B, streamPos: 5 }));
  const seen = async (viewer: string, ranges: Array<{ roomId: string; since: number }>, upto: number) =>
    (await receiptsTable.visibleChanges(db, viewer, ranges, upto)).map((r) => `${r.roomId === R1 ? "R1" : "R2"} ${r.userId === A ? "A" : "B"} ${r.receiptType}${r.threadId ? `/${r.threadId}` : ""}@${r.streamPos}`);
  const both = [{ roomId: R1, since: 0 }, { roomId: R2, since: 0 }];
  t.strictSame(await seen(A, both, 5), ["R1 A m.read@1", "R1 A m.read.private@3", "R2 B m.read/main@4", "R1 B m.read@5"]);
  t.strictSame(await seen(B, both, 5), ["R1 A m.read@1", "R1 B m.read.private@2", "R2 B m.read/main@4", "R1 B m.read@5"]);
  t.strictSame(await seen(A, both, 3), ["R1 A m.read@1", "R1 A m.read.private@3"], "upto bounds the range");
  t.strictSame(await seen(A, [{ roomId: R1, since: 3 }, { roomId: R2, since: 0 }], 5), ["R2 B m.read/main@4", "R1 B m.read@5"], "each room from its own position");
  t.strictSame(await seen(A, [], 5), []);
});
