import t from "tap";
import { extremitiesTable } from "../../../src/store/tables/extremities.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { appendEvent, eventRow } from "../fixtures.js";

const R = "!depth:ward.test";

await forEachDatabase(t, "replace sets the whole set, per room", async (t, db) => {
  t.strictSame(await extremitiesTable.get(db, "!r:ward.test"), []);
  await extremitiesTable.replace(db, "!r:ward.test", ["$b", "$a", "$a"]);
  await extremitiesTable.replace(db, "!other:ward.test", ["$x"]);
  t.strictSame(await extremitiesTable.get(db, "!r:ward.test"), ["$a", "$b"]);
  await db.transaction((tx) => extremitiesTable.replace(tx, "!r:ward.test", ["$c"]));
  t.strictSame(await extremitiesTable.get(db, "!r:ward.test"), ["$c"]);
  await extremitiesTable.replace(db, "!r:ward.test", []);
  t.strictSame(await extremitiesTable.get(db, "!r:ward.test"), []);
  t.strictSame(await extremitiesTable.get(db, "!other:ward.test"), ["$x"]);
});

await forEachDatabase(t, "replace keeps an extremity that is also in the new set", async (t, db) => {
  await extremitiesTable.replace(db, "!r:ward.test", ["$a", "$b"]);
  await extremitiesTable.replace(db, "!r:ward.test", ["$b", "$c"]);
  t.strictSame(await extremitiesTable.get(db, "!r:ward.test"), ["$b", "$c"], "$b survives the delete half of the same statement");
});

await forEachDatabase(t, "withDepth: the extremities and their greatest depth", async (t, db) => {
  t.strictSame(await extremitiesTable.withDepth(db, R), { eventIds: [], depth: 0 }, "an empty room starts at depth 0");
  const low = await appendEvent(db, eventRow(R, { eventId: "$low", depth: 3 }));
  const high = await appendEvent(db, eventRow(R, { eventId: "$high", depth: 7 }));
  await extremitiesTable.replace(db, R, [low.eventId, high.eventId, "$unknown"]);
  t.strictSame(await extremitiesTable.withDepth(db, R), { eventIds: ["$high", "$low", "$unknown"], depth: 7 }, "an extremity not stored here adds no depth");
});
