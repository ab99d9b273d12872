import t from "tap";
import { mediaTable, type StoredFile } from "../../../src/store/tables/media.js";
import { forEachDatabase } from "../../helpers/databases.js";

const ID = "A".repeat(32);
const file = (q: Parameters<typeof mediaTable.sealName>[0], mediaId: string, size: number, name: string | null): StoredFile => {
  const sealed = name === null ? null : mediaTable.sealName(q, mediaId, name);
  return { contentType: "application/pdf", size, filePath: `${mediaId.slice(0, 2)}/${mediaId}.o.x`, sealedName: sealed?.sealed ?? null, keyId: sealed?.keyId ?? q.atRest.activeKeyId, uploadedTs: 5 };
};

forEachDatabase(t, "media rows: uploads, reservations, quota sums, the sweep's questions", async (t, db) => {
  await mediaTable.insertUploaded(db, ID, "@alice:x", file(db, ID, 1000, "Befund März.pdf"));
  const row = await mediaTable.get(db, ID);
  t.match(row, { mediaId: ID, uploader: "@alice:x", uploadedTs: 5, contentType: "application/pdf", size: 1000, uploadName: "Befund März.pdf", keyId: db.atRest.activeKeyId });
  const [raw] = await db.query<{ sealed_name: Uint8Array }>("SELECT sealed_name FROM media WHERE media_id = $1", [ID]);
  t.notOk(Buffer.from(raw!.sealed_name).includes("Befund"), "the name is sealed");
  // A sealed name moved to another row does not open there.
  const other = "B".repeat(32);
  await mediaTable.insertUploaded(db, other, "@alice:x", { ...file(db, other, 500, null), sealedName: raw!.sealed_name });
  await t.rejects(mediaTable.get(db, other), { name: "SealedDataError" });
  await db.query("DELETE FROM media WHERE media_id = $1", [other]);

  t.equal(await mediaTable.uploaderOf(db, ID), "@alice:x");
  t.equal(await mediaTable.uploaderOf(db, "nope"), null);
  const pending = "C".repeat(32);
  await mediaTable.insertPending(db, pending, "@alice:x", 10, 100);
  t.match(await mediaTable.get(db, pending), { uploadedTs: null, filePath: null, keyId: null, expiresTs: 100, uploadName: null });
  t.equal(await mediaTable.pendingCount(db, "@alice:x", 50), 1);
  t.equal(await mediaTable.pendingCount(db, "@alice:x", 100), 0, "lapsed at its expiry");
  t.equal(await mediaTable.bytesUploadedBy(db, "@alice:x"), 1000, "pending rows hold no bytes");
  t.equal(await mediaTable.completePending(db, pending, file(db, pending, 24, "x.txt")), true);
  t.equal(await mediaTable.completePending(db, pending, file(db, pending, 24, "x.txt")), false, "only once");
  t.equal(await mediaTable.bytesUploadedBy(db, "@alice:x"), 1024);
  t.equal(await mediaTable.bytesUploadedBy(db, "@bob:x"), 0);
  const lapsing = "D".repeat(32);
  await mediaTable.insertPending(db, lapsing, "@bob:x", 10, 100);
  t.equal(await mediaTable.deleteLapsed(db, 99), 0);
  t.equal(await mediaTable.deleteLapsed(db, 100), 1, "a lapsed reservation goes; uploaded rows stay");
  t.same([...(await mediaTable.pathsInUse(db, [`AA/${ID}.o.x`, "AA/gone.o.x"]))], [`AA/${ID}.o.x`]);
  await t.rejects(db.query("INSERT INTO media (media_id, uploader, created_ts, uploaded_ts) VALUES ('E', 'u', 1, 1)"), "an uploaded row needs its file");
});
