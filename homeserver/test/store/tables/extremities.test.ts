import t from "tap";
import { extremitiesTable } from "../../../src/store/tables/extremities.js";
import { forEachDatabase } from "../../helpers/databases.js";

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
