import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import t from "tap";
import { runAtRest, type AtRestCliOptions, type AtRestIo } from "../../src/cli/at-rest.js";
import { sodiumReady } from "../../src/crypto/sodium.js";
import type { Database } from "../../src/store/database.js";
import { dataKeysTable } from "../../src/store/tables/data-keys.js";
import { eventsTable } from "../../src/store/tables/events.js";
import { createScratchSchema, forEachDatabase, pgTestUrl } from "../helpers/databases.js";
import { startTestHomeserver, testKeys } from "../helpers/homeserver.js";
import { tempDir } from "../helpers/http.js";
import { createRoom, send } from "../api/client/sync-fixtures.js";
import { withSearchPath } from "../multiprocess/shared.js";

await sodiumReady();

function io(env: Record<string, string | undefined> = {}): AtRestIo & { out: () => string; err: () => string } {
  const sink = () => {
    const chunks: string[] = [];
    const stream = new Writable({ write: (chunk: Buffer | string, _enc, cb) => (chunks.push(chunk.toString()), cb()) });
    return { stream, text: () => chunks.join("") };
  };
  const out = sink();
  const err = sink();
  return { stdout: out.stream, stderr: err.stream, env: { WARD_DATA_DIR: tempDir(), ...env }, out: out.text, err: err.text };
}

/** The shared test database, which the CLI must not close. */
const borrowed = (db: Database): AtRestCliOptions["openDatabase"] => async () => ({
  kind: db.kind,
  atRest: db.atRest,
  query: (sql, params) => db.query(sql, params),
  exec: (sql) => db.exec(sql),
  transaction: (fn) => db.transaction(fn),
  close: async () => {},
});

await forEachDatabase(t, "status, rotate, reencrypt, rewrap against a serving homeserver's database", async (t, db) => {
  const options = { openDatabase: borrowed(db), keys: await testKeys(), settleMs: 0 };
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice);
  const before = await send(hs, alice, roomId, "before");
  const first = db.atRest.activeKeyId;

  const status = io();
  t.equal(await runAtRest(["status"], status, options), 0, status.err());
  t.match(status.out(), new RegExp(`^${first} \\*\\s+k_test\\s+\\S+\\s+\\d+\\s+0$`, "m"), "the active key, its master key and its rows");
  t.match(status.out(), /^plaintext\s+0\s+0$/m);

  const rotate = io();
  t.equal(await runAtRest(["rotate"], rotate, options), 0, rotate.err());
  const second = await dataKeysTable.activeKeyId(db);
  t.not(second, first);
  t.match(rotate.out(), `new active data key ${second}`);
  await db.atRest.refresh(db); // the server's periodic tick
  const after = await send(hs, alice, roomId, "after");
  t.equal((await eventsTable.get(db, after))!.pdu.keyId, second);
  t.equal((await eventsTable.get(db, before))!.pdu.keyId, first);

  const reencrypt = io();
  t.equal(await runAtRest(["reencrypt", "--batch", "2"], reencrypt, options), 0, reencrypt.err());
  t.match(reencrypt.out(), new RegExp(`sealed under ${second}: \\d+ events, 0 account data rows`));
  t.equal((await eventsTable.get(db, before))!.pdu.keyId, second);
  const again = io();
  t.equal(await runAtRest(["reencrypt"], again, options), 0);
  t.match(again.out(), `sealed under ${second}: 0 events, 0 account data rows`, "idempotent");

  // Master key rotation: the new key first in the file, the old one kept until rewrap has run.
  const keys = await testKeys();
  const next = { keyId: "k_next", key: new Uint8Array(randomBytes(32)) };
  const both = { ...keys, atRest: next, atRestKeys: new Map([[next.keyId, next], ...keys.atRestKeys]) };
  const rewrap = io();
  t.equal(await runAtRest(["rewrap"], rewrap, { ...options, keys: both }), 0, rewrap.err());
  t.match(rewrap.out(), "2 data key(s) re-wrapped with master key k_next");
  t.same(new Set((await dataKeysTable.all(db)).map((r) => r.kekId)), new Set(["k_next"]));
  const messages = await hs.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b`, { token: alice.accessToken });
  t.equal(messages.status, 200, "the server keeps serving: data keys are unchanged, only their wrapping");
});

await forEachDatabase(t, "reencrypt waits for servers to adopt a fresh key; rows that do not open fail the run", async (t, db) => {
  const options = { openDatabase: borrowed(db), keys: await testKeys(), settleMs: 300 };
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice);
  const [one, two] = [await send(hs, alice, roomId, "one"), await send(hs, alice, roomId, "two")];
  t.equal(await runAtRest(["rotate"], io(), options), 0);
  await db.query("UPDATE events SET sealed_pdu = (SELECT sealed_pdu FROM events WHERE event_id = $1) WHERE event_id = $2", [one, two]);
  const run = io();
  t.equal(await runAtRest(["reencrypt"], run, options), 1);
  t.match(run.out(), /^waiting 1 s for every server to seal new rows under d_/m);
  t.match(run.out(), `1 row(s) do not open (altered, or moved from another row) and were left as they are:\n  event ${two}\n`);
  t.notMatch(run.out(), /"one"|"two"/);
});

t.test("usage and refusals", async (t) => {
  for (const args of [[], ["nope"], ["status", "x"], ["reencrypt", "--batch"], ["reencrypt", "--batch", "0"], ["reencrypt", "--pause-ms", "-1"], ["reencrypt", "--x", "1"]]) {
    const cli = io();
    t.equal(await runAtRest(args, cli), 2, args.join(" "));
    t.match(cli.err(), /^usage: at-rest status \| rotate/);
  }
  const bad = io({ WARD_MASTER_KEY: "xchacha20poly1305 k_env AAAA", WARD_MASTER_KEY_FILE: "/x/at-rest.key" });
  t.equal(await runAtRest(["status"], bad), 1);
  t.match(bad.err(), /^at-rest: configuration error: set WARD_MASTER_KEY or WARD_MASTER_KEY_FILE, not both/);

  // The embedded database is one process's: with a server on it, the command stops before touching it.
  const dataDir = tempDir();
  mkdirSync(join(dataDir, "db"));
  writeFileSync(join(dataDir, "db", "postmaster.pid"), "1234\n");
  const busy = io({ WARD_DATA_DIR: dataDir });
  t.equal(await runAtRest(["rotate"], busy), 1);
  t.match(busy.err(), /the embedded database is open in another process .*stop the server first/);
});

if (pgTestUrl) {
  t.test("on Postgres with the master key in WARD_MASTER_KEY; another key cannot open the database", async (t) => {
    const scratch = await createScratchSchema();
    t.teardown(() => scratch.drop());
    const masterKey = (id: string) => `xchacha20poly1305 ${id} ${randomBytes(32).toString("base64")}`;
    const env = { WARD_DATABASE_URL: withSearchPath(pgTestUrl!, scratch.schema), WARD_MASTER_KEY: masterKey("k_env") };
    const status = io(env);
    t.equal(await runAtRest(["status"], status), 0, status.err());
    t.match(status.out(), /^d_\S+ \*\s+k_env /m, "the first start made a data key wrapped with the given master key");
    const wrong = io({ ...env, WARD_MASTER_KEY: masterKey("k_env") });
    t.equal(await runAtRest(["status"], wrong), 1);
    t.match(wrong.err(), /^at-rest: master key 'k_env' cannot unwrap data key 'd_/m);
    t.notMatch(wrong.err(), env.WARD_MASTER_KEY.split(" ")[2]!.slice(0, 12), "the key is never printed");
  });
}
