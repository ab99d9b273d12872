import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { uploaded } from "../../api/client/media-helpers.js";
import * as samples from "./media-samples.js";

forEachDatabase(t, "concurrent requests for one thumbnail render it once", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const { mediaId } = await uploaded(hs, alice, await samples.jpeg(1200, 900));
  const files = await Promise.all(Array.from({ length: 5 }, () => hs.services.media.thumbnail(alice.userId, "localhost", mediaId, { width: 600, height: 400 }, {})));
  t.ok(files.every((f) => f.contentType === "image/jpeg" && f.size === files[0]!.size && f.fileName === "thumbnail.jpg"));
  const rows = await db.query<{ width: number; height: number; method: string }>("SELECT width, height, method FROM media_thumbnails WHERE media_id = $1", [mediaId]);
  t.same(rows, [{ width: 640, height: 480, method: "scale" }]);
  const stored = await hs.services.media.sweep();
  t.equal(stored.orphans, 0, "no second file left behind");
  const audits = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'media_download'");
  t.equal(audits[0]!.n, 5, "each served thumbnail is a recorded download");
});
