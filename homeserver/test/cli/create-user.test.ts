import { spawn } from "node:child_process";
import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import t from "tap";
import { runCreateUser, type CliIo } from "../../src/cli/create-user.js";
import { sodiumReady } from "../../src/crypto/sodium.js";
import { createPasswordHasher, MINIMUM_PASSWORD_HASHING } from "../../src/services/users/passwords.js";
import type { Database } from "../../src/store/database.js";
import { usersTable } from "../../src/store/tables/users.js";
import { forEachDatabase } from "../helpers/databases.js";
import { tempDir } from "../helpers/http.js";

await sodiumReady();
// The process test starts an embedded database in a fresh folder (initdb): slow on a busy machine.
t.setTimeout(240_000);

function io(stdinText: string): CliIo & { out: () => string; err: () => string } {
  const sink = () => {
    const chunks: string[] = [];
    const stream = new Writable({ write: (chunk: Buffer | string, _enc, cb) => (chunks.push(chunk.toString()), cb()) });
    return { stream, text: () => chunks.join("") };
  };
  const out = sink();
  const err = sink();
  return {
    stdin: Readable.from([Buffer.from(stdinText)]),
    stdout: out.stream,
    stderr: err.stream,
    env: { WARD_SERVER_NAME: "clinic.example", WARD_DATA_DIR: tempDir() },
    out: out.text,
    err: err.text,
  };
}

/** The shared test database, which the CLI must not close. */
const borrowed = (db: Database) => async () =>
  new Proxy(db, {
    get(target, prop) {
      if (prop === "close") return async () => undefined;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });

const run = (db: Database, args: string[], cli: CliIo) =>
  runCreateUser(args, cli, { openDatabase: borrowed(db), configOverrides: { passwordHashing: MINIMUM_PASSWORD_HASHING } });

await forEachDatabase(t, "creates a user (and an admin) with the password from stdin", async (t, db) => {
  const first = io("s3cret password\nignored second line\n");
  t.equal(await run(db, ["alice"], first), 0);
  t.equal(first.out(), "created @alice:clinic.example\n");
  t.equal(first.err(), "");
  const alice = await usersTable.get(db, "@alice:clinic.example");
  t.match(alice, { isAdmin: false, firstLoginTs: null, deactivated: false });
  t.equal(await createPasswordHasher(MINIMUM_PASSWORD_HASHING).verify(alice!.passwordHash!, "s3cret password"), true, "the first line is the password");

  const admin = io("another password\r\n");
  t.equal(await run(db, ["--admin", "boss"], admin), 0);
  t.equal(admin.out(), "created @boss:clinic.example (admin)\n");
  t.equal((await usersTable.get(db, "@boss:clinic.example"))?.isAdmin, true);
});

await forEachDatabase(t, "--bot and --staff: bot accounts stay out of the staff directory unless marked as staff", async (t, db) => {
  const bot = io("s3cret password\n");
  t.equal(await run(db, ["helperbot", "--bot"], bot), 0);
  t.equal(bot.out(), "created @helperbot:clinic.example (bot)\n");
  const staffBot = io("s3cret password\n");
  t.equal(await run(db, ["--bot", "pagerbot", "--staff"], staffBot), 0);
  t.equal(staffBot.out(), "created @pagerbot:clinic.example (bot, staff)\n");
  t.equal(await run(db, ["carol"], io("s3cret password\n")), 0);
  const flags = async (localpart: string) => {
    const row = await usersTable.get(db, `@${localpart}:clinic.example`);
    return { isBot: row?.isBot, isStaff: row?.isStaff, firstLoginTs: row?.firstLoginTs };
  };
  t.strictSame(await flags("helperbot"), { isBot: true, isStaff: null, firstLoginTs: null });
  t.strictSame(await flags("pagerbot"), { isBot: true, isStaff: true, firstLoginTs: null });
  t.strictSame(await flags("carol"), { isBot: false, isStaff: null, firstLoginTs: null }, "not logged in: not in the directory until they do");
});

await forEachDatabase(t, "refusals: taken, invalid, weak, no password, bad usage", async (t, db) => {
  t.equal(await run(db, ["alice"], io("s3cret password\n")), 0);
  const cases: Array<[string[], string, number, RegExp]> = [
    [["alice"], "s3cret password\n", 1, /^create-user: That user name is already taken \(M_USER_IN_USE\)\n$/],
    [["Al ice"], "s3cret password\n", 1, /\(M_INVALID_USERNAME\)\n$/],
    [["bob"], "short\n", 1, /\(M_WEAK_PASSWORD\)\n$/],
    [["bob"], "eleven char\n", 1, /at least 12 characters.*\(M_WEAK_PASSWORD\)\n$/],
    [["bob"], "Qwerty123456\n", 1, /commonly used passwords.*\(M_WEAK_PASSWORD\)\n$/],
    [["bob"], "", 1, /^create-user: no password given on stdin/],
    [["bob"], "\nsecond line\n", 1, /^create-user: no password given on stdin/],
    [[], "s3cret password\n", 2, /^usage: create-user <localpart> \[--admin\]/],
    [["bob", "carol"], "s3cret password\n", 2, /^usage:/],
    [["--password=x"], "", 2, /^usage:/],
  ];
  for (const [args, stdin, code, message] of cases) {
    const cli = io(stdin);
    t.equal(await run(db, args, cli), code, args.join(" "));
    t.match(cli.err(), message, args.join(" "));
    t.equal(cli.out(), "");
  }
  t.strictSame(await db.query("SELECT user_id FROM users"), [{ user_id: "@alice:clinic.example" }]);
});

t.test("a configuration error is reported, not thrown", async (t) => {
  const cli = io("s3cret password\n");
  cli.env.WARD_SERVER_NAME = "not a server name";
  t.equal(await runCreateUser(["alice"], cli), 1);
  t.match(cli.err(), /^create-user: configuration error: WARD_SERVER_NAME must be a server name/);
});

t.test("as a process: embedded database, password piped in, exits by itself", async (t) => {
  const dataDir = tempDir();
  const script = fileURLToPath(new URL("../../src/cli/create-user.ts", import.meta.url));
  const runProcess = (args: string[], stdin: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import=tsx", script, ...args], {
        env: { ...process.env, WARD_DATA_DIR: dataDir, WARD_SERVER_NAME: "clinic.example", WARD_DATABASE_URL: "", WARD_CONFIG_FILE: "" },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });
  const created = await runProcess(["nurse.joy", "--admin"], "a long enough password\n");
  t.equal(created.code, 0, created.stderr);
  t.equal(created.stdout, "created @nurse.joy:clinic.example (admin)\n");
  const usage = await runProcess(["--password", "hunter2"], "");
  t.equal(usage.code, 2, "no password option on the command line");
  t.match(usage.stderr, /^usage:/);
});
