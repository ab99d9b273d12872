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
    isGuest: false, deactivated: false, displayname: "Alice", avatarUrl: null, firstLoginTs: null, lastLoginTs: null,
    isBot: false, isStaff: null,
  };
  t.strictSame(await usersTable.get(db, "@alice:ward.test"), expected);
  t.strictSame(await usersTable.getByLocalpart(db, "alice"), expected);
  t.equal(await usersTable.get(db, "@nobody:ward.test"), null);
  t.equal(await usersTable.getByLocalpart(db, "nobody"), null);
});

await forEachDatabase(t, "bot and staff flags are stored as given", async (t, db) => {
  await usersTable.insert(db, userRow("helper", { isBot: true }));
  await usersTable.insert(db, userRow("pager", { isBot: true, isStaff: true }));
  await usersTable.insert(db, userRow("kiosk", { isStaff: false }));
  const flags = async (u: string) => {
    const row = await usersTable.get(db, `@${u}:ward.test`);
    return [row?.isBot, row?.isStaff];
  };
  t.strictSame(await flags("helper"), [true, null]);
  t.strictSame(await flags("pager"), [true, true]);
  t.strictSame(await flags("kiosk"), [false, false]);
});

await forEachDatabase(t, "password, logins, deactivation", async (t, db) => {
  await usersTable.insert(db, userRow("bob"));
  t.equal(await usersTable.setPasswordHash(db, "@bob:ward.test", "$argon2id$new"), true);
  t.equal((await usersTable.get(db, "@bob:ward.test"))?.passwordHash, "$argon2id$new");
  t.equal(await usersTable.setPasswordHash(db, "@nobody:ward.test", "x"), false);
  await usersTable.recordLogin(db, "@bob:ward.test", T0 + 5);
  await usersTable.recordLogin(db, "@bob:ward.test", T0 + 9);
  const logins = await usersTable.get(db, "@bob:ward.test");
  t.equal(logins?.firstLoginTs, T0 + 5, "the first login time stays");
  t.equal(logins?.lastLoginTs, T0 + 9, "the last login time moves");
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
