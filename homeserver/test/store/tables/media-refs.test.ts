import t from "tap";
import { mediaRefsTable } from "../../../src/store/tables/media-refs.js";
import { mediaTable } from "../../../src/store/tables/media.js";
import { forEachDatabase } from "../../helpers/databases.js";

forEachDatabase(t, "references: newest first, redacted ones left out, gone with their file", async (t, db) => {
  await mediaTable.insertPending(db, "M".repeat(32), "@a:x", 1, Date.now() + 60_000);
  const insertEvent = (eventId: string, pos: number, redactedBy: string | null = null) =>
    db.query(
      `INSERT INTO events (event_id, stream_pos, room_id, type, state_key, sender, origin_server_ts, depth, pdu, redacted_by)
       VALUES ($1, $2, '!r:x', 'm.room.message', NULL, '@a:x', 1, $2, '{}', $3)`,
      [eventId, pos, redactedBy],
    );
  await db.query("INSERT INTO rooms (room_id, room_version, creator, created_ts) VALUES ('!r:x', '11', '@a:x', 1)");
  await insertEvent("$old", 1);
  await insertEvent("$new", 2);
  await insertEvent("$gone", 3, "$redaction");
  for (const eventId of ["$old", "$new", "$gone", "$new"]) await mediaRefsTable.insert(db, { mediaId: "M".repeat(32), eventId, roomId: "!r:x" });
  t.same(
    await mediaRefsTable.referringEvents(db, "M".repeat(32)),
    [
      { eventId: "$new", roomId: "!r:x", streamPos: 2, type: "m.room.message", stateKey: null },
      { eventId: "$old", roomId: "!r:x", streamPos: 1, type: "m.room.message", stateKey: null },
    ],
  );
  t.equal((await mediaRefsTable.referringEvents(db, "M".repeat(32), 1)).length, 1, "bounded");
  await db.query("DELETE FROM media");
  t.same(await mediaRefsTable.referringEvents(db, "M".repeat(32)), [], "references go with their file");
});
