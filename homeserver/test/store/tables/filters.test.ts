import t from "tap";
import { filtersTable } from "../../../src/store/tables/filters.js";
import { forEachDatabase } from "../../helpers/databases.js";

const A = "@a:ward.test";

await forEachDatabase(t, "IDs count per user; identical filters share an ID", async (t, db) => {
  t.equal(await filtersTable.insert(db, A, '{"room":{}}'), "0");
  t.equal(await filtersTable.insert(db, A, '{"presence":{}}'), "1");
  t.equal(await filtersTable.insert(db, A, '{"room":{}}'), "0", "the same filter again");
  t.equal(await filtersTable.insert(db, "@b:ward.test", '{"presence":{}}'), "0", "another user starts at 0");
  t.equal(await filtersTable.get(db, A, "1"), '{"presence":{}}');
  t.equal(await filtersTable.get(db, "@b:ward.test", "1"), null);
  for (const bad of ["2", "abc", "-1", "01", "1e3", "", "99999999999999999999"]) t.equal(await filtersTable.get(db, A, bad), null, `unknown: ${JSON.stringify(bad)}`);
});

await forEachDatabase(t, "concurrent uploads get distinct IDs", async (t, db) => {
  const got = await Promise.all(Array.from({ length: 8 }, (_, i) => filtersTable.insert(db, A, `{"n":${i}}`)));
  t.strictSame([...got].sort((a, b) => Number(a) - Number(b)), ["0", "1", "2", "3", "4", "5", "6", "7"]);
  for (let i = 0; i < 8; i++) t.equal(await filtersTable.get(db, A, got[i]!), `{"n":${i}}`);
});
