/**
 * Waiting for an asynchronous upload that lands through another process
 * (no in-process wake-up): the waiting download sees it at its next look.
 */
import t from "tap";
import { DEFAULT_MEDIA_DENY_TYPES } from "../../../src/config.js";
import { mediaTable } from "../../../src/store/tables/media.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { tempDir } from "../../helpers/http.js";
import { MediaStore } from "../../../src/services/media/media-store.js";
import { recordUpload, writeUpload } from "../../../src/services/media/upload.js";
import { Readable } from "node:stream";
import { PassThrough } from "node:stream";

forEachDatabase(t, "a download waits for an upload made elsewhere, and gives up at its timeout", async (t, db) => {
  const dir = tempDir();
  const hs = await startTestHomeserver(t, db, { config: { media: { dir, maxUploadBytes: 1024 * 1024, quotaBytes: 0, denyTypes: DEFAULT_MEDIA_DENY_TYPES } } });
  const media = hs.services.media;
  const { contentUri } = await media.create("@alice:localhost");
  const mediaId = contentUri.split("/").pop()!;
  await t.rejects(media.download("@alice:localhost", "localhost", mediaId, { timeoutMs: 10 }), { name: "MatrixError", errcode: "M_NOT_YET_UPLOADED", status: 504 });

  const waiting = media.download("@alice:localhost", "localhost", mediaId, { timeoutMs: 30_000 });
  // "Another process": its own store object on the same folder, and no wake-up here.
  const elsewhere = { ctx: hs.context, store: new MediaStore(dir) };
  const file = await writeUpload(elsewhere, "@alice:localhost", mediaId, { stream: Readable.from([Buffer.from("late bytes")]), declaredLength: 10, declaredType: "text/plain", fileName: "late.txt" });
  await recordUpload(elsewhere, "@alice:localhost", mediaId, file, true);
  const served = await waiting;
  t.equal(served.fileName, "late.txt");
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await served.pipeTo(out);
  t.equal(Buffer.concat(chunks).toString(), "late bytes");
  t.equal((await mediaTable.get(db, mediaId))?.size, 10);
});
