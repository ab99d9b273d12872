/**
 * The staff directory's one rule, in SQL: who is listed (and why not), word
 * search, directory order and keyset paging, the Messenger-on lower bound.
 */
import t from "tap";
import { serverSettingsTable } from "../../../src/store/tables/server-settings.js";
import { MESSENGER_ENABLED_SETTING, staffDirectoryTable } from "../../../src/store/tables/staff-directory.js";
import { usersTable } from "../../../src/store/tables/users.js";
import type { Database } from "../../../src/store/database.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { T0, insertUser } from "../fixtures.js";

const id = (localpart: string) => `@${localpart}:ward.test`;

async function names(db: Database, words: string[], limit = 50): Promise<string[]> {
  return (await staffDirectoryTable.search(db, words, limit)).map((r) => r.userId);
}

async function staffFixture(db: Database): Promise<void> {
  await insertUser(db, "dana", { displayname: "Dana Scully" });
  await insertUser(db, "fox", { displayname: "Fox Mulder" });
  await insertUser(db, "never", { displayname: "Dana Never" });
  await insertUser(db, "gone", { displayname: "Dana Gone" });
  await insertUser(db, "under_score");
  await insertUser(db, "helperbot", { isBot: true, displayname: "Dana Bot" });
  await insertUser(db, "pagerbot", { isBot: true, isStaff: true, displayname: "Pager" });
  await insertUser(db, "kiosk", { isStaff: false, displayname: "Dana Kiosk" });
  for (const u of ["dana", "fox", "gone", "under_score", "helperbot", "pagerbot", "kiosk"]) await usersTable.recordLogin(db, id(u), T0);
  await usersTable.deactivate(db, id("gone"));
}

await forEachDatabase(t, "listed: active staff who logged in; bots only when marked as staff", async (t, db) => {
  await staffFixture(db);
  t.strictSame(await names(db, []), [id("dana"), id("fox"), id("pagerbot"), id("under_score")], "by display name, else localpart");
  t.equal(await staffDirectoryTable.count(db, []), 4);
  const reasons = await staffDirectoryTable.unlisted(db, ["dana", "never", "gone", "helperbot", "kiosk", "pagerbot", "nobody"].map(id));
  t.strictSame(Object.fromEntries(reasons), {
    [id("never")]: "never_logged_in",
    [id("gone")]: "deactivated",
    [id("helperbot")]: "not_staff",
    [id("kiosk")]: "not_staff",
    [id("nobody")]: "unknown",
  });
  t.strictSame(Object.fromEntries(await staffDirectoryTable.unlisted(db, [])), {});
});

await forEachDatabase(t, "search: every word matches the localpart or display name, case-insensitively and literally", async (t, db) => {
  await staffFixture(db);
  t.strictSame(await names(db, ["dana"]), [id("dana")], "not the never-logged-in, deactivated, bot or non-staff Danas");
  t.strictSame(await names(db, ["MULDER"]), [id("fox")]);
  t.strictSame(await names(db, ["sc", "da"]), [id("dana")], "words in any order, each a substring");
  t.strictSame(await names(db, ["dana", "fox"]), [], "all words must match");
  t.strictSame(await names(db, ["_"]), [id("under_score")], "LIKE wildcards match literally");
  t.strictSame(await names(db, ["%"]), []);
  t.strictSame(await names(db, ["\\"]), []);
  t.equal(await staffDirectoryTable.count(db, ["a"]), 2, "dana and pagerbot");
});

await forEachDatabase(t, "pages continue after the last member, in a stable order", async (t, db) => {
  for (const u of ["ann", "bea", "cat", "dot", "eve"]) {
    await insertUser(db, u);
    await usersTable.recordLogin(db, id(u), T0);
  }
  // Same sort key as "bea": the user ID breaks the tie.
  await insertUser(db, "zed", { displayname: "Bea" });
  await usersTable.recordLogin(db, id("zed"), T0);
  const first = await staffDirectoryTable.search(db, [], 3);
  t.strictSame(first.map((r) => r.userId), [id("ann"), id("bea"), id("zed")]);
  const last = first[2]!;
  // A member added before the page's end does not shift the next page.
  await insertUser(db, "amy");
  await usersTable.recordLogin(db, id("amy"), T0);
  const second = await staffDirectoryTable.search(db, [], 3, { sortKey: last.sortKey, userId: last.userId });
  t.strictSame(second.map((r) => r.userId), [id("cat"), id("dot"), id("eve")]);
});

await forEachDatabase(t, "only logins at or after Messenger was turned on count", async (t, db) => {
  await insertUser(db, "early");
  await insertUser(db, "ontime");
  await insertUser(db, "returning");
  await usersTable.recordLogin(db, id("early"), T0 - 1);
  await usersTable.recordLogin(db, id("ontime"), T0);
  await usersTable.recordLogin(db, id("returning"), T0 - 5);
  t.strictSame(await names(db, []), [id("early"), id("ontime"), id("returning")], "no setting: any login counts");
  await serverSettingsTable.put(db, { name: MESSENGER_ENABLED_SETTING, value: T0, updatedTs: T0, updatedBy: null });
  t.strictSame(await names(db, []), [id("ontime")]);
  t.strictSame(Object.fromEntries(await staffDirectoryTable.unlisted(db, [id("early")])), { [id("early")]: "not_since_enabled" });
  await usersTable.recordLogin(db, id("returning"), T0 + 1);
  t.strictSame(await names(db, []), [id("ontime"), id("returning")], "logging in again lists them");
});
