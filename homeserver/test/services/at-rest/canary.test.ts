/**
 * The proof of encryption at rest (issue 6): a canary sent through the API
 * is served to the members, yet appears nowhere in a pg_dump of the
 * Postgres database, nowhere in the files of a PGlite data folder, and in
 * no log line.
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import t from "tap";
import { sodiumReady } from "../../../src/crypto/sodium.js";
import type { Database } from "../../../src/store/database.js";
import { migrate } from "../../../src/store/migrate.js";
import { openPgliteDatabase, type PgliteDatabase } from "../../../src/store/pglite.js";
import { forEachDatabase, pgTestUrl, testAtRestCipher, type Tap } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { captureLogger, tempDir } from "../../helpers/http.js";
import { canaryNeedles, expectCanariesServed, newCanary, plantCanaries, type Planted } from "./canaries.js";

await sodiumReady();
// A PGlite data folder on disk starts with initdb: slow on a busy machine.
t.setTimeout(300_000);

/** Plants and reads back the canaries; returns what was planted and the whole log. */
async function canaryThroughApi(t: Tap, db: Database, canary: string): Promise<{ planted: Planted; logText: () => string }> {
  const logs = captureLogger("trace");
  const hs = await startTestHomeserver(t, db, { logger: logs.logger });
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const planted = await plantCanaries(hs, alice, bob, canary);
  await expectCanariesServed(t, hs, alice, bob, canary, planted);
  await hs.close();
  return { planted, logText: logs.text };
}

function expectAbsent(t: Tap, haystack: Buffer, canary: string, where: string): void {
  for (const needle of canaryNeedles(canary)) t.equal(haystack.indexOf(needle), -1, `${where} holds no '${needle.toString().slice(0, 16)}…'`);
}

await forEachDatabase(t, "a canary sent through the API is in no dump and no log", async (t, db) => {
  const canary = newCanary();
  const { planted, logText } = await canaryThroughApi(t, db, canary);
  t.ok(logText().includes(planted.roomId), "the log is the server's (it names the room)");
  expectAbsent(t, Buffer.from(logText()), canary, "the log");

  let dump: Buffer;
  if (db.kind === "pg") {
    const [{ schema } = { schema: "" }] = await db.query<{ schema: string }>("SELECT current_schema() AS schema");
    const run = promisify(execFile);
    const { stdout } = await run("pg_dump", ["--dbname", pgTestUrl!, "--schema", schema, "--no-owner"], { encoding: "buffer", maxBuffer: 256 * 1024 * 1024 });
    dump = stdout;
  } else {
    const blob = await (db as PgliteDatabase).dumpDataDir();
    dump = Buffer.from(await blob.arrayBuffer());
  }
  // The control: the dump does hold the rows (IDs are stored in the clear), so a leak would show.
  t.not(dump.indexOf(planted.messageId), -1, "the dump holds the message's row");
  expectAbsent(t, dump, canary, db.kind === "pg" ? "pg_dump" : "the PGlite data dump");
});

t.test("a canary is in no file of a PGlite data folder", async (t) => {
  const dir = join(tempDir("ward-at-rest-"), "db");
  const db = await openPgliteDatabase(dir, { atRest: testAtRestCipher() });
  let closed = false;
  t.teardown(async () => {
    if (!closed) await db.close();
  });
  await migrate(db);
  await db.atRest.load(db);
  const canary = newCanary();
  const { planted, logText } = await canaryThroughApi(t, db, canary);
  await db.close();
  closed = true;

  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  t.ok(files.length > 100, "a whole Postgres data folder");
  let holdsRow = false;
  for (const file of files) {
    const bytes = await readFile(file);
    holdsRow ||= bytes.includes(planted.messageId);
    for (const needle of canaryNeedles(canary)) {
      if (bytes.includes(needle)) t.fail(`${file} holds the canary`);
    }
  }
  t.ok(holdsRow, "the control: the folder does hold the message's row");
  expectAbsent(t, Buffer.from(logText()), canary, "the log");
});
