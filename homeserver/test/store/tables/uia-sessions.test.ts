import t from "tap";
import { uiaSessionsTable, type UiaSessionRow } from "../../../src/store/tables/uia-sessions.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { T0 } from "../fixtures.js";

const row = (sessionId: string, mods: Partial<UiaSessionRow> = {}): UiaSessionRow => ({
  sessionId, purpose: "register", userId: null, createdTs: T0, expiresTs: T0 + 1000, completed: [], ...mods,
});

await forEachDatabase(t, "insert, get until expiry, delete once", async (t, db) => {
  await uiaSessionsTable.insert(db, row("s1", { userId: "@a:ward.test", purpose: "password", completed: ["m.login.dummy"] }));
  t.strictSame(await uiaSessionsTable.get(db, "s1", T0 + 999), row("s1", { userId: "@a:ward.test", purpose: "password", completed: ["m.login.dummy"] }));
  t.equal(await uiaSessionsTable.get(db, "s1", T0 + 1000), null, "expired");
  t.equal(await uiaSessionsTable.get(db, "nope", T0), null);
  t.equal(await uiaSessionsTable.delete(db, "s1"), true);
  t.equal(await uiaSessionsTable.delete(db, "s1"), false);
  await t.rejects(uiaSessionsTable.insert(db, row("s2")).then(() => uiaSessionsTable.insert(db, row("s2"))), { code: "23505" }, "IDs are unique");
});

await forEachDatabase(t, "addCompleted appends each stage once, in order", async (t, db) => {
  await uiaSessionsTable.insert(db, row("s1"));
  t.equal(await uiaSessionsTable.addCompleted(db, "s1", "m.login.password"), true);
  t.equal(await uiaSessionsTable.addCompleted(db, "s1", "m.login.dummy"), true);
  t.equal(await uiaSessionsTable.addCompleted(db, "s1", "m.login.password"), true);
  t.strictSame((await uiaSessionsTable.get(db, "s1", T0))?.completed, ["m.login.password", "m.login.dummy"]);
  t.equal(await uiaSessionsTable.addCompleted(db, "gone", "m.login.dummy"), false);
});

await forEachDatabase(t, "deleteExpired removes only expired sessions", async (t, db) => {
  await uiaSessionsTable.insert(db, row("old", { expiresTs: T0 }));
  await uiaSessionsTable.insert(db, row("new", { expiresTs: T0 + 1 }));
  t.equal(await uiaSessionsTable.deleteExpired(db, T0), 1);
  t.strictSame(await db.query("SELECT session_id FROM uia_sessions"), [{ session_id: "new" }]);
});
