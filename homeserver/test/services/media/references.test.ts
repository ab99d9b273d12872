import t from "tap";
import { eventsTable } from "../../../src/store/tables/events.js";
import { referencedUris } from "../../../src/services/media/references.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { download, uploaded } from "../../api/client/media-helpers.js";
import { createRoom, invite, membership, send } from "../../api/client/sync-fixtures.js";
import * as samples from "./media-samples.js";

t.test("the places an event names files", async (t) => {
  t.same(
    referencedUris({
      url: "mxc://a.org/file",
      info: { thumbnail_url: "mxc://a.org/thumb", thumbnail_file: { url: "mxc://a.org/encthumb" } },
      file: { url: "mxc://a.org/encfile" },
      avatar_url: "mxc://a.org/face",
      "m.new_content": { url: "mxc://a.org/edited", info: { thumbnail_url: "mxc://a.org/edited-thumb" } },
      body: "mxc://a.org/not-a-reference",
    }).sort(),
    ["mxc://a.org/encfile", "mxc://a.org/encthumb", "mxc://a.org/face", "mxc://a.org/file", "mxc://a.org/thumb", "mxc://a.org/edited", "mxc://a.org/edited-thumb"].sort(),
  );
  t.same(referencedUris({ url: "https://example.org/x.png", info: "nonsense", file: ["x"] }), []);
  t.same(referencedUris({ url: 42 }), []);
});

forEachDatabase(t, "a redacted event refers to nothing any more", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const [alice, bob] = [await hs.registerUser("alice"), await hs.registerUser("bob")];
  const roomId = await createRoom(hs, alice, { preset: "private_chat" });
  await invite(hs, alice, roomId, bob.userId);
  await membership(hs, bob, roomId, "join");
  const file = await uploaded(hs, alice, samples.pdf());
  const eventId = await send(hs, alice, roomId, { msgtype: "m.file", body: "x.pdf", url: file.uri });
  const [ref] = await db.query<{ event_id: string; room_id: string }>("SELECT event_id, room_id FROM media_refs WHERE media_id = $1", [file.mediaId]);
  t.same(ref, { event_id: eventId, room_id: roomId }, "recorded when the event was stored");
  t.equal((await download(hs, bob, file.mediaId)).status, 200);
  // Redaction itself belongs to the rooms service (and the messenger's rules); here only its mark matters.
  await db.transaction((tx) => eventsTable.setRedactedBy(tx, eventId, "$redaction"));
  t.equal((await download(hs, bob, file.mediaId)).status, 404, "redacted: no longer a way to the file");
  t.equal((await download(hs, alice, file.mediaId)).status, 200, "the uploader keeps it");
});
