/**
 * The upload path below HTTP: a body whose declared length lies is held
 * to the limit by counting, and every refusal leaves the store empty.
 */
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import t from "tap";
import { MatrixError } from "../../../src/http/matrix-error.js";
import { DEFAULT_MEDIA_DENY_TYPES } from "../../../src/config.js";
import { MediaStore } from "../../../src/services/media/media-store.js";
import { recordUpload, writeUpload } from "../../../src/services/media/upload.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { tempDir } from "../../helpers/http.js";

const LIMIT = 32 * 1024;

forEachDatabase(t, "a lying Content-Length does not stretch the limit", async (t, db) => {
  const hs = await startTestHomeserver(t, db, { config: { media: { dir: tempDir(), maxUploadBytes: LIMIT, quotaBytes: 0, denyTypes: DEFAULT_MEDIA_DENY_TYPES } } });
  const store = new MediaStore(hs.config.media.dir);
  await store.init();
  const deps = { ctx: hs.context, store };
  const body = (bytes: number, declaredLength: number | undefined) => ({
    stream: Readable.from((function* () {
      for (let sent = 0; sent < bytes; sent += 4096) yield randomBytes(Math.min(4096, bytes - sent));
    })()),
    declaredLength,
    declaredType: "application/octet-stream",
    fileName: undefined,
  });
  const err = await writeUpload(deps, "@alice:localhost", "m".repeat(32), body(10 * LIMIT, 100)).catch((e: unknown) => e);
  t.ok(err instanceof MatrixError && err.status === 413 && err.errcode === "M_TOO_LARGE", "declared 100 bytes, sent ten times the limit: 413");
  t.same(await store.tempFiles(), [], "no temporary file");
  const ok = await writeUpload(deps, "@alice:localhost", "n".repeat(32), body(LIMIT, 1));
  t.equal(ok.size, LIMIT, "the bytes that came are counted, not the declared ones");
  await recordUpload(deps, "@alice:localhost", "n".repeat(32), ok, false);
  const [row] = await db.query<{ size: number }>("SELECT size FROM media WHERE media_id = $1", ["n".repeat(32)]);
  t.equal(Number(row!.size), LIMIT);
  // A row that cannot be written (a pending row that is not there): the file goes too.
  const orphan = await writeUpload(deps, "@alice:localhost", "o".repeat(32), body(100, 100));
  const refused = await recordUpload(deps, "@alice:localhost", "o".repeat(32), orphan, true).catch((e: unknown) => e);
  t.equal((refused as MatrixError).errcode, "M_CANNOT_OVERWRITE_MEDIA", "no pending row to complete");
  const left = await store.sweep(async () => new Set(), Date.now() + 2 * 3_600_000);
  t.same(left, { tempFiles: 0, orphans: 1 }, "only the accepted upload's file is left (which the sweep, told nothing is in use, takes)");
});
