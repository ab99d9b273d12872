/**
 * The two examples, run as the README says (one command each, settings in
 * the environment) against a real server: post-message posts to a channel
 * by alias; echo-bot joins when invited and answers !echo, and keeps its
 * sync token in a file.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { FileSyncStore } from "../examples/file-sync-store.js";
import { bodyOf, forEachDatabase, newClient, PASSWORD, startServer, waitFor } from "./helpers/ward.js";

const EXAMPLES = new URL("../examples/", import.meta.url).pathname;

function run(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", join(EXAMPLES, script), ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
}

function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

t.test("post-message and echo-bot run against a server", async (t) => {
  await forEachDatabase(t, "examples", async (t, db) => {
    const ward = await startServer(t, db);
    const alice = await newClient(t, ward, "alice");
    await ward.register("echobot", PASSWORD);
    await alice.start();
    const general = await alice.createChannel({ name: "General", visibility: "public", aliasName: "general" });

    const posted = waitFor(alice, "timeline", (e) => bodyOf(e.event) === "The printer on 2 is fixed");
    const post = await finished(run("post-message.ts", ["#general:localhost", "The printer on 2 is fixed"], { WARD_URL: ward.url, WARD_USER: "alice", WARD_PASSWORD: PASSWORD }));
    t.equal(post.code, 0, post.stderr);
    const { event } = await posted;
    t.equal(post.stdout.trim(), event.event_id, "it prints the event ID");

    const tokenFile = join(mkdtempSync(join(tmpdir(), "ward-echo-bot-")), "sync-token");
    const bot = run("echo-bot.ts", [], { WARD_URL: ward.url, WARD_USER: "echobot", WARD_PASSWORD: PASSWORD, WARD_ALLOWED_INVITERS: alice.userId, WARD_SYNC_TOKEN_FILE: tokenFile });
    const exited = finished(bot);
    t.teardown(() => void bot.kill("SIGKILL"));
    const joined = waitFor(alice, "membership", (m) => m.userId === "@echobot:localhost" && m.membership === "join", 60_000);
    await general.invite("@echobot:localhost");
    await joined;
    const answer = waitFor(alice, "timeline", (e) => e.event.sender === "@echobot:localhost" && bodyOf(e.event) === "sterile gloves, size M");
    await general.sendMessage("!echo sterile gloves, size M").confirmed();
    await answer;

    bot.kill("SIGTERM");
    const end = await exited;
    t.equal(end.code, 0, `the bot stops cleanly on SIGTERM ${end.stderr}`);
    t.match(end.stdout, "echo-bot: @echobot:localhost is listening");
    t.match(await readFile(tokenFile, "utf8"), /^s\d+/, "its place in the stream is kept in the file");
  });
});

t.test("the file store keeps the token across instances, and clear removes it", async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), "ward-file-store-")), "token");
  const store = new FileSyncStore(path);
  t.equal(await store.getSyncToken(), undefined, "nothing before the first sync");
  await store.setSyncToken("s42_tabc.1");
  t.equal(await new FileSyncStore(path).getSyncToken(), "s42_tabc.1");
  await store.setSyncToken("s43");
  t.equal(await store.getSyncToken(), "s43");
  await store.clear();
  t.equal(await store.getSyncToken(), undefined);
  await store.clear();
  t.pass("clearing twice is fine");
});
