import t from "tap";
import { mayDownload } from "../../../src/services/media/access.js";
import { mediaTable } from "../../../src/store/tables/media.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";

forEachDatabase(t, "the rule without events: the uploader, and a live uploader's own avatar", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob] = [await hs.registerUser("alice"), await hs.registerUser("bob")];
  const mediaId = "F".repeat(32);
  const mxc = `mxc://localhost/${mediaId}`;
  await mediaTable.insertPending(db, mediaId, alice.userId, 1, Date.now() + 60_000);
  const subject = { mediaId, uploader: alice.userId, mxc };
  t.ok(await mayDownload(db, alice.userId, subject), "uploader");
  t.notOk(await mayDownload(db, bob.userId, subject), "nobody else");
  await db.query("UPDATE users SET avatar_url = $1 WHERE user_id = $2", [mxc, alice.userId]);
  t.ok(await mayDownload(db, bob.userId, subject), "the uploader's own profile avatar: everyone");
  await db.query("UPDATE users SET deactivated = true WHERE user_id = $1", [alice.userId]);
  t.notOk(await mayDownload(db, bob.userId, subject), "not once the uploader is deactivated");
});
