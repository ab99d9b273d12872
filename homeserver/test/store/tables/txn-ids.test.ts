import t from "tap";
import { txnIdsTable, type TxnIdRow } from "../../../src/store/tables/txn-ids.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { T0 } from "../fixtures.js";

const row = (mods: Partial<TxnIdRow> = {}): TxnIdRow =>
  ({ userId: "@a:ward.test", deviceId: "D1", txnId: "m1", roomId: "!r:ward.test", eventId: "$e1", createdTs: T0, ...mods });

await forEachDatabase(t, "a transaction ID is remembered once per device", async (t, db) => {
  t.equal(await txnIdsTable.get(db, "@a:ward.test", "D1", "m1"), null);
  t.equal(await txnIdsTable.insert(db, row()), true);
  t.equal(await txnIdsTable.insert(db, row({ eventId: "$e2" })), false, "a retry does not overwrite");
  t.strictSame(await txnIdsTable.get(db, "@a:ward.test", "D1", "m1"), { roomId: "!r:ward.test", eventId: "$e1" });
  t.equal(await txnIdsTable.insert(db, row({ deviceId: "D2", eventId: "$e3" })), true, "another device may reuse it");
  t.strictSame(await txnIdsTable.get(db, "@a:ward.test", "D2", "m1"), { roomId: "!r:ward.test", eventId: "$e3" });
});

await forEachDatabase(t, "rolled back with its event", async (t, db) => {
  await t.rejects(db.transaction(async (tx) => {
    await txnIdsTable.insert(tx, row());
    throw new Error("event failed");
  }));
  t.equal(await txnIdsTable.get(db, "@a:ward.test", "D1", "m1"), null);
});
