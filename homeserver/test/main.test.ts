import t from "tap";
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { defineEndpoint, jsonResponse } from "@ward/protocol";
import type { Bus } from "../src/bus/bus.js";
import { MemoryBus } from "../src/bus/memory.js";
import { route, type ApiArea } from "../src/http/route.js";
import { versionsApi } from "../src/api/client/versions.js";
import { startHomeserver, type StartOptions } from "../src/main.js";
import type { Database, Transaction } from "../src/store/database.js";
import { testAtRestCipher } from "./helpers/databases.js";
import { captureLogger, tempDir, testConfig } from "./helpers/http.js";

type Closed = { db: number; bus: number };

function fakes(closed: Closed) {
  const atRest = testAtRestCipher();
  const tx: Transaction = { inTransaction: true, atRest, query: async () => [], exec: async () => {} };
  const db: Database = {
    kind: "pglite",
    atRest,
    query: async () => [],
    exec: async () => {},
    transaction: async (fn) => fn(tx),
    close: async () => {
      closed.db++;
    },
  };
  const bus = new MemoryBus();
  const busClose = bus.close.bind(bus);
  bus.close = async () => {
    closed.bus++;
    await busClose();
  };
  return { openDatabase: async () => db, openBus: async (): Promise<Bus> => bus };
}

// A long-poll like /sync: waits until its signal aborts (shutdown or client gone), then answers.
const longPoll = defineEndpoint({
  id: "test.longPoll",
  summary: "waits for shutdown",
  method: "GET",
  path: "/_matrix/client/v3/test/long-poll",
  auth: "none",
  rateLimited: false,
  response: jsonResponse<{ ended: string }>(),
});
const slow = defineEndpoint({
  id: "test.slow",
  summary: "takes a while, ignores shutdown",
  method: "GET",
  path: "/_matrix/client/v3/test/slow",
  auth: "none",
  rateLimited: false,
  response: jsonResponse<{ done: boolean }>(),
});
const testArea: ApiArea = () => [
  route(longPoll, (req) => new Promise((resolve) => req.signal.addEventListener("abort", () => resolve({ ended: "early" }), { once: true }))),
  route(slow, () => new Promise((resolve) => setTimeout(() => resolve({ done: true }), 300))),
];

function start(dataDir: string, closed: Closed, extra: Partial<StartOptions> = {}) {
  const logs = captureLogger();
  const config = testConfig({ dataDir, signingKeyFile: { path: join(dataDir, "signing.key"), explicit: false }, masterKeyFile: { path: join(dataDir, "at-rest.key"), explicit: false } });
  return { logs, running: startHomeserver(config, { logger: logs.logger, ...fakes(closed), areas: [versionsApi, testArea], ...extra }) };
}

t.test("starts on 127.0.0.1:0, serves, generates keys once, closes cleanly", async (t) => {
  const dataDir = join(tempDir(), "data");
  const closed = { db: 0, bus: 0 };
  const { logs, running } = start(dataDir, closed);
  const hs = await running;
  t.match(hs.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.ok(existsSync(join(dataDir, "signing.key")));
  t.ok(existsSync(join(dataDir, "at-rest.key")));
  const res = await fetch(`${hs.url}/_matrix/client/versions`);
  t.equal(res.status, 200);
  t.match(logs.lines().find((l) => l.msg === "listening"), { url: hs.url, serverName: "localhost", database: "pglite", bus: "memory" });
  await hs.close();
  await hs.close(); // idempotent
  t.same(closed, { db: 1, bus: 1 });
  await t.rejects(fetch(`${hs.url}/_matrix/client/versions`), "no longer listening");
  t.ok(logs.lines().some((l) => l.msg === "stopped"));

  const again = await start(dataDir, closed).running;
  t.same(again.keys.signing.publicKey, hs.keys.signing.publicKey, "same signing key after a restart");
  t.same(again.keys.atRest, hs.keys.atRest, "same at-rest key after a restart");
  await again.close();
});

t.test("shutdown ends long-polls early and waits for requests in flight", async (t) => {
  const closed = { db: 0, bus: 0 };
  const hs = await start(tempDir(), closed).running;
  const poll = fetch(`${hs.url}/_matrix/client/v3/test/long-poll`).then((r) => r.json());
  const slowReq = fetch(`${hs.url}/_matrix/client/v3/test/slow`).then((r) => r.json());
  await new Promise((r) => setTimeout(r, 50)); // both requests are in the handlers now
  t.equal(hs.app.lifecycle.requestsInFlight, 2);
  await hs.close();
  t.same(await poll, { ended: "early" }, "the long-poll answered");
  t.same(await slowReq, { done: true }, "the slow request finished before close() resolved");
  t.same(closed, { db: 1, bus: 1 }, "store and bus closed after the requests");
});

t.test("a failure during start-up closes what was opened", async (t) => {
  const closed = { db: 0, bus: 0 };
  const { running } = start(tempDir(), closed, {
    openBus: async () => {
      throw new Error("cannot connect to Redis");
    },
  });
  await t.rejects(running, { message: "cannot connect to Redis" });
  t.same(closed, { db: 1, bus: 0 });
});

t.test("a port in use is reported", async (t) => {
  const closed = { db: 0, bus: 0 };
  const first = await start(tempDir(), closed).running;
  const port = Number(new URL(first.url).port);
  const logs = captureLogger();
  const config = testConfig({ dataDir: tempDir(), listen: { host: "127.0.0.1", port } });
  await t.rejects(startHomeserver(config, { logger: logs.logger, ...fakes(closed) }), { code: "EADDRINUSE" });
  await first.close();
});

t.test("bad configuration stops the process with a message naming the setting", async (t) => {
  const main = join(import.meta.dirname, "../src/main.ts");
  const result = spawnSync(process.execPath, ["--import=tsx", main], {
    env: { ...process.env, WARD_LISTEN: "localhost", WARD_DATA_DIR: tempDir() },
    encoding: "utf8",
    timeout: 60_000,
  });
  t.equal(result.status, 1);
  t.equal(result.stderr.trim(), "ward: configuration error: WARD_LISTEN must be host:port (like 127.0.0.1:8008 or [::1]:8008), got 'localhost'");
});

t.test("the real process: embedded PGlite, keys, listen, SIGTERM drains and exits 0", async (t) => {
  const dataDir = join(tempDir(), "data");
  const child = spawn(process.execPath, ["--import=tsx", join(import.meta.dirname, "../src/main.ts")], {
    env: { ...process.env, WARD_LISTEN: "127.0.0.1:0", WARD_DATA_DIR: dataDir, WARD_LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  t.teardown(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  const lines: Array<Record<string, unknown>> = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      lines.push(entry);
      if (entry.msg === "listening") resolve(entry.url as string);
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before listening`)));
  });
  const res = await fetch(`${url}/_matrix/client/versions`);
  t.equal(res.status, 200);
  t.ok(existsSync(join(dataDir, "db")), "PGlite data folder");
  t.ok(existsSync(join(dataDir, "signing.key")));
  t.ok(lines.some((l) => l.msg === "database schema migrated"));
  t.ok(lines.some((l) => typeof l.msg === "string" && l.msg.includes("in production keep them outside it")));
  child.kill("SIGTERM");
  t.equal(await exited, 0, "exit code 0");
  t.ok(lines.some((l) => l.msg === "shutting down" && l.signal === "SIGTERM"));
  t.ok(lines.some((l) => l.msg === "stopped"));
});
