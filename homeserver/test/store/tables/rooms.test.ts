import t from "tap";
import { roomsTable, type RoomRow } from "../../../src/store/tables/rooms.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { T0 } from "../fixtures.js";

const room = (roomId: string, mods: Partial<RoomRow> = {}): RoomRow => ({
  roomId, roomVersion: "11", creator: "@alice:ward.test", createdTs: T0, isDirect: false, published: false, ...mods,
});

await forEachDatabase(t, "insert, get, duplicate", async (t, db) => {
  await roomsTable.insert(db, room("!dm:ward.test", { isDirect: true }));
  t.strictSame(await roomsTable.get(db, "!dm:ward.test"), room("!dm:ward.test", { isDirect: true }));
  t.equal(await roomsTable.get(db, "!nope:ward.test"), null);
  await t.rejects(roomsTable.insert(db, room("!dm:ward.test")), { code: "23505" });
});

await forEachDatabase(t, "the directory lists published rooms, paginated by room ID", async (t, db) => {
  for (const id of ["!d", "!a", "!c", "!b", "!e"]) await roomsTable.insert(db, room(`${id}:ward.test`, { published: id !== "!c" }));
  t.equal(await roomsTable.setPublished(db, "!e:ward.test", false), true);
  t.equal(await roomsTable.setPublished(db, "!zz:ward.test", true), false);
  const ids = (rows: RoomRow[]): string[] => rows.map((r) => r.roomId);
  t.strictSame(ids(await roomsTable.listPublished(db, 2)), ["!a:ward.test", "!b:ward.test"]);
  t.strictSame(ids(await roomsTable.listPublished(db, 2, "!b:ward.test")), ["!d:ward.test"]);
  t.strictSame(ids(await roomsTable.listPublished(db, 2, "!d:ward.test")), []);
});

await forEachDatabase(t, "identity: the fixed fields, kept in memory after the first read", async (t, db) => {
  // The cache is per process and both backends run here: each gets its own room IDs.
  const id = `!fixed-${db.kind}:ward.test`;
  const unknown = `!later-${db.kind}:ward.test`;
  await roomsTable.insert(db, room(id, { roomVersion: "12", isDirect: true, published: true }));
  t.strictSame(await roomsTable.identity(db, id), { roomId: id, roomVersion: "12", creator: "@alice:ward.test", createdTs: T0, isDirect: true });

  // A second read asks no query: a row changed behind the server's back is not seen (nothing in Ward changes these fields).
  await db.query("UPDATE rooms SET room_version = '10' WHERE room_id = $1", [id]);
  t.equal((await roomsTable.identity(db, id))?.roomVersion, "12");

  // An unknown room is not remembered as unknown: once it exists, it is found.
  t.equal(await roomsTable.identity(db, unknown), null);
  await roomsTable.insert(db, room(unknown));
  t.equal((await roomsTable.identity(db, unknown))?.roomVersion, "11");
});
