import t from "tap";
import { mediaThumbnailsTable, type ThumbnailRow } from "../../../src/store/tables/media-thumbnails.js";
import { mediaTable } from "../../../src/store/tables/media.js";
import { forEachDatabase } from "../../helpers/databases.js";

forEachDatabase(t, "thumbnails: the first row for a size wins", async (t, db) => {
  const mediaId = "T".repeat(32);
  await mediaTable.insertPending(db, mediaId, "@a:x", 1, Date.now() + 60_000);
  const row = (filePath: string): ThumbnailRow => ({
    mediaId, width: 96, height: 96, method: "crop", contentType: "image/png", size: 10, filePath, keyId: db.atRest.activeKeyId, createdTs: 7,
  });
  t.equal(await mediaThumbnailsTable.get(db, mediaId, 96, 96, "crop"), null);
  t.same(await mediaThumbnailsTable.insertOrGet(db, row("TT/first")), row("TT/first"));
  t.same(await mediaThumbnailsTable.insertOrGet(db, row("TT/second")), row("TT/first"), "a later maker gets the first one's row");
  t.equal(await mediaThumbnailsTable.get(db, mediaId, 96, 96, "scale"), null, "per method");
});
