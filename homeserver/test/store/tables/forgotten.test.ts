import t from "tap";
import { forgottenTable } from "../../../src/store/tables/forgotten.js";
import { forEachDatabase } from "../../helpers/databases.js";

await forEachDatabase(t, "forget, list, clear", async (t, db) => {
  const a = "@a:ward.test";
  t.equal(await forgottenTable.isForgotten(db, a, "!r:ward.test"), false);
  await forgottenTable.insert(db, a, "!r:ward.test");
  await forgottenTable.insert(db, a, "!r:ward.test"); // twice is fine
  await forgottenTable.insert(db, a, "!q:ward.test");
  await forgottenTable.insert(db, "@b:ward.test", "!s:ward.test");
  t.equal(await forgottenTable.isForgotten(db, a, "!r:ward.test"), true);
  t.equal(await forgottenTable.isForgotten(db, a, "!q:ward.test"), true);
  t.equal(await forgottenTable.isForgotten(db, "@b:ward.test", "!r:ward.test"), false, "per user");
  await forgottenTable.delete(db, a, "!r:ward.test");
  t.equal(await forgottenTable.isForgotten(db, a, "!r:ward.test"), false);
  t.equal(await forgottenTable.isForgotten(db, a, "!q:ward.test"), true, "only the one room cleared");
  t.equal(await forgottenTable.isForgotten(db, "@b:ward.test", "!s:ward.test"), true);
});
