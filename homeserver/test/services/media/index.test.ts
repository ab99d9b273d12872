import t from "tap";
import { mediaTable } from "../../../src/store/tables/media.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";

forEachDatabase(t, "the sweep drops lapsed reservations; an upload to one is then unknown", async (t, db) => {
  let now = 1_000_000;
  const hs = await startTestHomeserver(t, db, { clock: () => now });
  const media = hs.services.media;
  const { contentUri, unusedExpiresAt } = await media.create("@alice:localhost");
  t.equal(unusedExpiresAt, now + 24 * 3_600_000);
  const mediaId = contentUri.split("/").pop()!;
  t.match(await media.sweep(), { lapsed: 0 });
  now = unusedExpiresAt;
  await t.rejects(media.download("@alice:localhost", "localhost", mediaId, { timeoutMs: 0 }), { name: "MatrixError", errcode: "M_NOT_FOUND" }, "lapsed: as if it never was");
  t.match(await media.sweep(), { lapsed: 1 });
  t.equal(await mediaTable.get(db, mediaId), null);
  t.equal(media.maxUploadBytes, 50 * 1024 * 1024);
});
