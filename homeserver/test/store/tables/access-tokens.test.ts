import { createHash } from "node:crypto";
import t from "tap";
import { accessTokensTable, type AccessTokenRow } from "../../../src/store/tables/access-tokens.js";
import { devicesTable } from "../../../src/store/tables/devices.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { T0, deviceRow, insertUser } from "../fixtures.js";

const hashOf = (token: string): Uint8Array => new Uint8Array(createHash("sha256").update(token).digest());

function tokenRow(token: string, userId: string, deviceId: string, mods: Partial<AccessTokenRow> = {}): AccessTokenRow {
  return { tokenHash: hashOf(token), userId, deviceId, createdTs: T0, lastUsedTs: T0, lastActivityTs: T0, expiresTs: null, ...mods };
}

await forEachDatabase(t, "lookup joins device and user", async (t, db) => {
  const alice = await insertUser(db, "alice", { isAdmin: true });
  await devicesTable.upsert(db, deviceRow(alice, "A", { displayName: "Phone" }));
  await accessTokensTable.insert(db, tokenRow("tok-a", alice, "A", { expiresTs: T0 + 1000 }));
  t.strictSame(await accessTokensTable.lookup(db, hashOf("tok-a")), {
    ...tokenRow("tok-a", alice, "A", { expiresTs: T0 + 1000 }),
    deviceDisplayName: "Phone", isAdmin: true, isGuest: false, deactivated: false,
  });
  t.equal(await accessTokensTable.lookup(db, hashOf("tok-unknown")), null);
});

await forEachDatabase(t, "a token needs its device", async (t, db) => {
  const alice = await insertUser(db, "alice");
  await t.rejects(accessTokensTable.insert(db, tokenRow("x", alice, "NODEVICE")), { code: "23503" });
});

await forEachDatabase(t, "touch moves use and, when asked, activity — never backwards", async (t, db) => {
  const alice = await insertUser(db, "alice");
  await devicesTable.upsert(db, deviceRow(alice, "A"));
  await accessTokensTable.insert(db, tokenRow("tok", alice, "A"));
  t.equal(await accessTokensTable.touch(db, hashOf("tok"), T0 + 10, false), true);
  let row = await accessTokensTable.lookup(db, hashOf("tok"));
  t.strictSame([row?.lastUsedTs, row?.lastActivityTs], [T0 + 10, T0], "background use does not reset the idle timer");
  await accessTokensTable.touch(db, hashOf("tok"), T0 + 20, true);
  await accessTokensTable.touch(db, hashOf("tok"), T0 + 15, true); // a late, concurrent request
  row = await accessTokensTable.lookup(db, hashOf("tok"));
  t.strictSame([row?.lastUsedTs, row?.lastActivityTs], [T0 + 20, T0 + 20]);
  t.equal(await accessTokensTable.touch(db, hashOf("gone"), T0, true), false);
});

await forEachDatabase(t, "revocation: one, all but one, per device", async (t, db) => {
  const alice = await insertUser(db, "alice");
  const bob = await insertUser(db, "bob");
  for (const d of ["A", "B"]) await devicesTable.upsert(db, deviceRow(alice, d));
  await devicesTable.upsert(db, deviceRow(bob, "C"));
  for (const [tok, user, dev] of [["a1", alice, "A"], ["a2", alice, "A"], ["b1", alice, "B"], ["b2", alice, "B"], ["c1", bob, "C"]] as const) {
    await accessTokensTable.insert(db, tokenRow(tok, user, dev));
  }
  t.equal(await accessTokensTable.delete(db, hashOf("a1")), true);
  t.equal(await accessTokensTable.delete(db, hashOf("a1")), false);
  t.strictSame(sortHashes(await accessTokensTable.deleteForDevice(db, alice, "B")), sortHashes([hashOf("b1"), hashOf("b2")]), "returns the revoked hashes");
  await accessTokensTable.insert(db, tokenRow("b3", alice, "B"));
  const revoked = await accessTokensTable.deleteAllForUser(db, alice, hashOf("b3"));
  t.strictSame(revoked, [hashOf("a2")], "all but the kept one");
  t.ok(await accessTokensTable.lookup(db, hashOf("b3")));
  t.strictSame(sortHashes(await accessTokensTable.deleteAllForUser(db, alice)), [hashOf("b3")]);
  t.ok(await accessTokensTable.lookup(db, hashOf("c1")), "other users keep their sessions");
});

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

function sortHashes(hashes: Uint8Array[]): Uint8Array[] {
  return [...hashes].sort(compareBytes);
}
