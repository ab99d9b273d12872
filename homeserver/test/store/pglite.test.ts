/** PGlite on disk: what the embedded default (no database URL) relies on. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { migrate } from "../../src/store/migrate.js";
import { openPgliteDatabase } from "../../src/store/pglite.js";
import { allocateStreamPositions, currentStreamPosition } from "../../src/store/stream.js";
import { usersTable } from "../../src/store/tables/users.js";
import { userRow } from "./fixtures.js";

t.test("a data folder survives close and reopen", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "ward-pglite-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  let started = performance.now();
  const first = await openPgliteDatabase(dir);
  t.comment(`first open of a fresh folder (initdb): ${Math.round(performance.now() - started)} ms`);
  t.strictSame((await migrate(first)).applied.length > 0, true);
  await usersTable.insert(first, userRow("alice"));
  await first.transaction((tx) => allocateStreamPositions(tx, 3));
  await first.close();

  started = performance.now();
  const second = await openPgliteDatabase(dir);
  t.comment(`reopen: ${Math.round(performance.now() - started)} ms`);
  try {
    t.strictSame(await migrate(second), { applied: [], unknown: [] });
    t.equal((await usersTable.get(second, "@alice:ward.test"))?.localpart, "alice");
    t.equal(await currentStreamPosition(second), 3);
  } finally {
    await second.close();
  }
});
