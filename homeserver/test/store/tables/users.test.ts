import t from "tap";
import { usersTable } from "../../../src/store/tables/users.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { T0, userRow } from "../fixtures.js";

await forEachDatabase(t, "insert and read back; IDs and localparts are unique", async (t, db) => {
  t.equal(await usersTable.insert(db, userRow("alice", { isAdmin: true, displayname: "Alice" })), true);
  t.equal(await usersTable.insert(db, userRow("alice")), false, "same user ID");
  t.equal(await usersTable.insert(db, { ...userRow("alice"), userId: "@other:ward.test" }), false, "same localpart");
  const expected = {
    userId: "@alice:ward.test", localpart: "alice", passwordHash: "$argon2id$stub", createdTs: T0, isAdmin: true,
    isGuest: false, deactivated: false, displayname: "Alice", avatarUrl: null, firstLoginTs: null,
  };
  t.strictSame(await usersTable.get(db, "@alice:ward.test"), expected);
  t.strictSame(await usersTable.getByLocalpart(db, "alice"), expected);
  t.equal(await usersTable.get(db, "@nobody:ward.test"), null);
  t.equal(await usersTable.getByLocalpart(db, "nobody"), null);
});

await forEachDatabase(t, "password, first login, deactivation", async (t, db) => {
  await usersTable.insert(db, userRow("bob"));
  t.equal(await usersTable.setPasswordHash(db, "@bob:ward.test", "$argon2id$new"), true);
  t.equal((await usersTable.get(db, "@bob:ward.test"))?.passwordHash, "$argon2id$new");
  t.equal(await usersTable.setPasswordHash(db, "@nobody:ward.test", "x"), false);
  await usersTable.markFirstLogin(db, "@bob:ward.test", T0 + 5);
  await usersTable.markFirstLogin(db, "@bob:ward.test", T0 + 9);
  t.equal((await usersTable.get(db, "@bob:ward.test"))?.firstLoginTs, T0 + 5, "the first login time stays");
  t.equal(await usersTable.deactivate(db, "@bob:ward.test"), true);
  const bob = await usersTable.get(db, "@bob:ward.test");
  t.equal(bob?.deactivated, true);
  t.equal(bob?.passwordHash, null, "a deactivated account has no password");
});

await forEachDatabase(t, "profile fields update independently", async (t, db) => {
  await usersTable.insert(db, userRow("carol", { displayname: "Carol", avatarUrl: "mxc://ward.test/a" }));
  await usersTable.setProfile(db, "@carol:ward.test", { displayname: "Dr Carol" });
  let carol = await usersTable.get(db, "@carol:ward.test");
  t.strictSame([carol?.displayname, carol?.avatarUrl], ["Dr Carol", "mxc://ward.test/a"]);
  await usersTable.setProfile(db, "@carol:ward.test", { avatarUrl: null });
  carol = await usersTable.get(db, "@carol:ward.test");
  t.strictSame([carol?.displayname, carol?.avatarUrl], ["Dr Carol", null]);
  t.equal(await usersTable.setProfile(db, "@nobody:ward.test", { displayname: "x" }), false);
});

await forEachDatabase(t, "the staff directory lists active users who have logged in", async (t, db) => {
  await usersTable.insert(db, userRow("dana", { displayname: "Dana Scully" }));
  await usersTable.insert(db, userRow("fox", { displayname: "Fox Mulder" }));
  await usersTable.insert(db, userRow("never", { displayname: "Dana Never" }));
  await usersTable.insert(db, userRow("gone", { displayname: "Dana Gone" }));
  await usersTable.insert(db, userRow("under_score"));
  for (const u of ["dana", "fox", "gone", "under_score"]) await usersTable.markFirstLogin(db, `@${u}:ward.test`, T0);
  await usersTable.deactivate(db, "@gone:ward.test");
  const names = async (term: string): Promise<string[]> => (await usersTable.searchDirectory(db, term, 10)).map((u) => u.localpart);
  t.strictSame(await names("dana"), ["dana"], "case-insensitive, skips never-logged-in and deactivated");
  t.strictSame(await names("MULDER"), ["fox"]);
  t.strictSame(await names(""), ["dana", "fox", "under_score"]);
  t.strictSame(await names("_"), ["under_score"], "LIKE wildcards match literally");
  t.strictSame(await names("%"), []);
});
