/**
 * Finding a pair's one-to-one, and the guard that keeps it one inside the
 * creating transaction (what protects two simultaneous opens).
 */
import t from "tap";
import { ExistingOneToOne, findOneToOne, guardOneToOne } from "../../../src/services/messenger/one-to-one.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { roomsFixture } from "../rooms/fixtures.js";

await forEachDatabase(t, "findOneToOne: only a direct conversation of exactly the two", async (t, db) => {
  const f = await roomsFixture(t, db);
  const [alice, bob, carol] = [await f.user("alice"), await f.user("bob"), await f.user("carol")];
  t.equal(await findOneToOne(db, alice, bob), null);
  await f.makeRoom(alice, { preset: "private_chat", invite: [bob] }); // a channel of the two
  await f.makeRoom(alice, { is_direct: true, invite: [bob, carol] }); // a group with them
  t.equal(await findOneToOne(db, alice, bob), null, "neither a channel nor a group counts");
  f.now.value += 1;
  const older = await f.makeRoom(bob, { is_direct: true, invite: [alice] });
  f.now.value += 1;
  const newer = await f.makeRoom(alice, { is_direct: true, invite: [bob] }); // createRoom does not deduplicate
  t.equal(await findOneToOne(db, alice, bob), older, "the oldest");
  t.equal(await findOneToOne(db, bob, alice), older, "either way round");
  t.equal(await findOneToOne(db, alice, bob, older), newer, "another than the one excluded");
  t.equal(await findOneToOne(db, alice, carol), null);
});

await forEachDatabase(t, "guardOneToOne rolls back a second one-to-one of the pair", async (t, db) => {
  const f = await roomsFixture(t, db);
  const [alice, bob] = [await f.user("alice"), await f.user("bob")];
  const guard = { inTransaction: (tx: Parameters<typeof guardOneToOne>[0], roomId: string) => guardOneToOne(tx, roomId, alice, bob) };
  const first = await f.rooms.createRoom(alice, { is_direct: true, invite: [bob] }, guard);
  const refused = await f.rooms.createRoom(bob, { is_direct: true, invite: [alice] }, guard).catch((err: unknown) => err);
  t.ok(refused instanceof ExistingOneToOne);
  t.equal((refused as ExistingOneToOne).roomId, first);
  t.same((await db.query<{ room_id: string }>("SELECT room_id FROM rooms")).map((r) => r.room_id), [first], "the second room was rolled back");
  t.same((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE room_id <> $1", [first]))[0]?.n, 0);
});
