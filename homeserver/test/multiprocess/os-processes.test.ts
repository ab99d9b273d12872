/**
 * The same as two-processes.test.ts, but with two real operating-system
 * processes started the way an operator starts replicas: `node main.ts`,
 * configured only through the environment (WARD_DATABASE_URL naming a fresh
 * schema, WARD_REDIS_URL, one shared data folder with provisioned key files).
 * Nothing is shared in memory, so a cache or a singleton that only works
 * inside one process cannot hide here; the migrations race for real; and
 * SIGTERM must end a held long-poll and exit 0.
 *
 * Needs WARD_TEST_DATABASE_URL and WARD_TEST_REDIS_URL (required under WARD_CI).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import t from "tap";
import { loadConfig, type Config } from "../../src/config.js";
import { loadOrCreateKeys } from "../../src/keys.js";
import { wardClient, type Ward } from "../conformance/harness.js";
import { createScratchSchema, type Tap } from "../helpers/databases.js";
import { captureLogger, tempDir } from "../helpers/http.js";
import { MESSAGES_ONLY, ok, pgUrl, redisUrl, send, servicesConfigured, timelineMessages, V3, withSearchPath } from "./shared.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const START_TIMEOUT_MS = 60_000;

type Child = { ward: Ward; output: () => string; stop(): Promise<number | null> };

/** Starts `node --import tsx src/main.ts` with `env` (and no other WARD_ variable) and waits for its "listening" line. */
async function spawnWard(t: Tap, env: Record<string, string>, config: Config): Promise<Child> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("WARD_")));
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], { cwd: REPO, env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.stderr.on("data", (chunk: Buffer) => lines.push(chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" after ${START_TIMEOUT_MS} ms:\n${lines.join("\n")}`)), START_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on("line", (line) => {
      lines.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "listening" && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${lines.join("\n")}`));
    });
  });
  let stopping: Promise<number | null> | undefined;
  const stop = () => {
    if (!stopping) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      stopping = exited;
    }
    return stopping;
  };
  t.teardown(async () => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await stop();
    clearTimeout(timer);
  });
  const ward = wardClient(url, { config, server: { url, close: async () => {} } as never, log: captureLogger("silent") });
  return { ward: { ...ward, close: async () => void (await stop()) }, output: () => lines.join("\n"), stop };
}

async function main(t: Tap, pg: string, redis: string): Promise<void> {
  const scratch = await createScratchSchema();
  t.teardown(() => scratch.drop());
  const dataDir = tempDir("ward-os-processes-");
  const env = {
    WARD_LISTEN: "127.0.0.1:0",
    WARD_SERVER_NAME: "replicas.test",
    WARD_DATA_DIR: dataDir,
    WARD_DATABASE_URL: withSearchPath(pg, scratch.schema),
    WARD_REDIS_URL: redis,
    WARD_ENABLE_REGISTRATION: "true",
    WARD_RATE_LIMITS: "false",
    WARD_LOG_LEVEL: "info",
    WARD_PASSWORD_HASH_OPS_LIMIT: "1",
    WARD_PASSWORD_HASH_MEM_LIMIT: "8MiB",
    WARD_SHUTDOWN_TIMEOUT_MS: "5000",
  };
  const config = loadConfig({ env, cwd: dataDir });
  // Provisioned key files, as for any replicated deployment (see shared-keys.test.ts for why).
  await loadOrCreateKeys(config, captureLogger("error").logger);
  const [childA, childB] = await Promise.all([spawnWard(t, env, config), spawnWard(t, env, config)]);
  const [a, b] = [childA.ward, childB.ward];
  t.pass("both processes started on one empty schema (migrations raced and agreed)");

  const alice = await a.register("alice");
  const bob = await b.register("bob");
  const roomId = (await ok(a, "POST", `${V3}/createRoom`, { token: alice.accessToken, body: { preset: "private_chat", invite: [bob.userId] } })).room_id as string;
  await ok(b, "POST", `${V3}/rooms/${encodeURIComponent(roomId)}/join`, { token: bob.accessToken, body: {} });

  await t.test("a long-poll held by process B wakes for a message sent through process A", async (t) => {
    const initial = await ok(b, "GET", `${V3}/sync`, { token: bob.accessToken, query: { timeout: 0, filter: MESSAGES_ONLY } });
    const poll = b.request("GET", `${V3}/sync`, { token: bob.accessToken, query: { since: initial.next_batch, timeout: 20_000, filter: MESSAGES_ONLY } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = await send(a, alice.accessToken, roomId, "os-1", "across processes");
    const sentAt = Date.now();
    const res = await poll;
    const latency = Date.now() - sentAt;
    t.equal(res.status, 200);
    t.same(timelineMessages(res.body).map((m) => m.body), ["across processes"], "the message, decrypted by the other process");
    t.same(timelineMessages(res.body).map((m) => m.eventId), [sent.event_id]);
    t.comment(`process B's long-poll woke after ${latency} ms`);
    t.ok(latency < 5000, "woke well before the timeout");
  });

  await t.test("SIGTERM ends a held long-poll at once and the process exits 0", async (t) => {
    const initial = await ok(b, "GET", `${V3}/sync`, { token: bob.accessToken, query: { timeout: 0, filter: MESSAGES_ONLY } });
    const poll = b.request("GET", `${V3}/sync`, { token: bob.accessToken, query: { since: initial.next_batch, timeout: 20_000 } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stoppedAt = Date.now();
    const exit = childB.stop();
    const res = await poll;
    t.equal(res.status, 200, "the long-poll answers (empty) instead of being cut off");
    t.equal(await exit, 0, "exit code 0");
    t.comment(`process B stopped ${Date.now() - stoppedAt} ms after SIGTERM`);
    t.ok(Date.now() - stoppedAt < 5000, "without waiting for the long-poll's timeout");
    // A keeps serving; the history written through both is intact.
    const history = await ok(a, "GET", `${V3}/rooms/${encodeURIComponent(roomId)}/messages`, {
      token: alice.accessToken,
      query: { dir: "b", filter: JSON.stringify({ types: ["m.room.message"] }) },
    });
    t.same(history.chunk.map((e: any) => e.content.body), ["across processes"]);
  });
}

if (servicesConfigured()) {
  const [pg, redis] = [pgUrl!, redisUrl!];
  t.test("two OS processes started from the environment", (t) => main(t, pg, redis));
} else {
  t.plan(0, "needs WARD_TEST_DATABASE_URL and WARD_TEST_REDIS_URL");
}
