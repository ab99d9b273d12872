import t from "tap";
import { accessTokensTable } from "../../../src/store/tables/access-tokens.js";
import { devicesTable } from "../../../src/store/tables/devices.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { T0, deviceRow, insertUser } from "../fixtures.js";

await forEachDatabase(t, "upsert creates, then keeps created_ts and fills only given fields", async (t, db) => {
  const alice = await insertUser(db, "alice");
  t.strictSame(await devicesTable.upsert(db, deviceRow(alice, "PHONE", { displayName: "Phone" })), deviceRow(alice, "PHONE", { displayName: "Phone" }));
  const again = await devicesTable.upsert(db, deviceRow(alice, "PHONE", { createdTs: T0 + 100, lastSeenTs: T0 + 100, lastSeenIp: "10.0.0.1" }));
  t.strictSame(again, deviceRow(alice, "PHONE", { displayName: "Phone", lastSeenTs: T0 + 100, lastSeenIp: "10.0.0.1" }));
  t.strictSame(await devicesTable.get(db, alice, "PHONE"), again);
  t.equal(await devicesTable.get(db, alice, "NOPE"), null);
});

await forEachDatabase(t, "a device needs an existing user", async (t, db) => {
  await t.rejects(devicesTable.upsert(db, deviceRow("@ghost:ward.test", "D")), { code: "23503" });
});

await forEachDatabase(t, "list, rename, touch, delete", async (t, db) => {
  const alice = await insertUser(db, "alice");
  const bob = await insertUser(db, "bob");
  await devicesTable.upsert(db, deviceRow(alice, "B"));
  await devicesTable.upsert(db, deviceRow(alice, "A"));
  await devicesTable.upsert(db, deviceRow(bob, "C"));
  t.strictSame((await devicesTable.listForUser(db, alice)).map((d) => d.deviceId), ["A", "B"]);
  t.equal(await devicesTable.setDisplayName(db, alice, "A", "Laptop"), true);
  t.equal(await devicesTable.setDisplayName(db, alice, "Z", "x"), false);
  await devicesTable.touch(db, alice, "A", T0 + 7, "2001:db8::1");
  t.strictSame(await devicesTable.get(db, alice, "A"), deviceRow(alice, "A", { displayName: "Laptop", lastSeenTs: T0 + 7, lastSeenIp: "2001:db8::1" }));
  t.equal(await devicesTable.delete(db, alice, "A"), true);
  t.equal(await devicesTable.delete(db, alice, "A"), false);
  t.equal(await devicesTable.deleteAllForUser(db, alice), 1);
  t.strictSame(await devicesTable.listForUser(db, alice), []);
  t.equal((await devicesTable.listForUser(db, bob)).length, 1, "other users untouched");
});

await forEachDatabase(t, "deleting a device revokes its tokens", async (t, db) => {
  const alice = await insertUser(db, "alice");
  await devicesTable.upsert(db, deviceRow(alice, "A"));
  const hash = new Uint8Array(32).fill(7);
  await accessTokensTable.insert(db, { tokenHash: hash, userId: alice, deviceId: "A", createdTs: T0, lastUsedTs: T0, lastActivityTs: T0, expiresTs: null });
  await devicesTable.delete(db, alice, "A");
  t.equal(await accessTokensTable.lookup(db, hash), null);
});
