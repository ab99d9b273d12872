/**
 * Typing across two homeserver processes on one Postgres and one Redis
 * (typing lives in each process's memory; the Redis bus carries changes):
 *
 *   - alice types through A; bob, long-polling /sync through B, is woken
 *     with m.typing listing her;
 *   - a renewal through A moves the expiry on B too, and the expiry is
 *     seen on B (B expires the entry itself and wakes bob's long-poll);
 *   - a sync token issued by A works on B: B does not know A's typing mark,
 *     so it sends the current list of every joined room.
 *
 * Needs WARD_TEST_DATABASE_URL and WARD_TEST_REDIS_URL; skipped without them,
 * except under WARD_CI, where their absence fails.
 */
import { randomBytes } from "node:crypto";
import t from "tap";
import { RedisBus } from "../../src/bus/redis.js";
import { loadConfig, type Config } from "../../src/config.js";
import { loadOrCreateKeys } from "../../src/keys.js";
import { startHomeserver } from "../../src/main.js";
import { wardClient, type Ward } from "../conformance/harness.js";
import { createScratchSchema, type Tap } from "../helpers/databases.js";
import { captureLogger, tempDir } from "../helpers/http.js";
import { login, ok, pgUrl, redisUrl, servicesConfigured, V3, withSearchPath } from "./shared.js";

if (servicesConfigured()) {
  const [pg, redis] = [pgUrl!, redisUrl!];
  t.test("typing across two homeserver processes", (t) => main(t, pg, redis));
} else {
  t.plan(0, "needs WARD_TEST_DATABASE_URL and WARD_TEST_REDIS_URL");
}

/** Only m.typing, so nothing else (presence, receipts, messages) ends a long-poll. */
const TYPING_ONLY = JSON.stringify({
  room: { timeline: { types: [] }, state: { types: [] }, ephemeral: { types: ["m.typing"] }, account_data: { types: [] } },
  presence: { types: [] },
  account_data: { types: [] },
});

/** Two replicas of one server, started as an operator would (see two-processes.test.ts). */
async function startPair(t: Tap, pg: string, redis: string): Promise<{ a: Ward; b: Ward }> {
  const scratch = await createScratchSchema();
  t.teardown(() => scratch.drop());
  const dataDir = tempDir("ward-multiprocess-typing-");
  const base = loadConfig({
    cwd: dataDir,
    env: {
      WARD_LISTEN: "127.0.0.1:0",
      WARD_SERVER_NAME: "ward.test",
      WARD_DATA_DIR: dataDir,
      WARD_DATABASE_URL: withSearchPath(pg, scratch.schema),
      WARD_REDIS_URL: redis,
      WARD_ENABLE_REGISTRATION: "true",
      WARD_RATE_LIMITS: "false",
    },
  });
  const config: Config = Object.freeze({ ...base, passwordHashing: { opsLimit: 1, memLimit: 8 * 1024 * 1024 } });
  await loadOrCreateKeys(config, captureLogger("error").logger);
  const channel = `ward:test:${randomBytes(6).toString("hex")}`;
  const start = async () => {
    const log = captureLogger("warn");
    const server = await startHomeserver(config, { logger: log.logger, openBus: () => RedisBus.connect({ url: redis, channel }) });
    const ward = wardClient(server.url, { config, server, log });
    t.teardown(() => ward.close());
    return ward;
  };
  // One after the other: the second finds the schema migrated.
  const a = await start();
  return { a, b: await start() };
}

type Sync = { next_batch: string; rooms?: { join?: Record<string, { ephemeral?: { events: Array<{ type: string; content: { user_ids?: string[] } }> } }> } };

/** The user_ids of the room's m.typing in a response; undefined when it has none. */
function typers(sync: Sync, roomId: string): string[] | undefined {
  return sync.rooms?.join?.[roomId]?.ephemeral?.events.find((e) => e.type === "m.typing")?.content.user_ids;
}

/** Long-polls until the room's m.typing arrives (bounded); returns that response. */
async function pollTyping(ward: Ward, token: string, since: string, roomId: string): Promise<Sync> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await ok<Sync>(ward, "GET", `${V3}/sync`, { token, query: { since, timeout: 20_000, filter: TYPING_ONLY } });
    if (typers(res, roomId) !== undefined || Date.now() > deadline) return res;
    since = res.next_batch;
  }
}

async function main(t: Tap, pg: string, redis: string): Promise<void> {
  const { a, b } = await startPair(t, pg, redis);
  const alice = await a.register("alice");
  const bob = await a.register("bob");
  const bobOnB = await login(b, bob, "bob");
  const roomId = (await ok(a, "POST", `${V3}/createRoom`, { token: alice.accessToken, body: { preset: "public_chat" } })).room_id as string;
  await ok(b, "POST", `${V3}/rooms/${encodeURIComponent(roomId)}/join`, { token: bobOnB, body: {} });
  const typingPath = `${V3}/rooms/${encodeURIComponent(roomId)}/typing/${encodeURIComponent(alice.userId)}`;

  await t.test("typing through A wakes a long-poll on B; its expiry reaches B too", async (t) => {
    const initial = await ok<Sync>(b, "GET", `${V3}/sync`, { token: bobOnB, query: { timeout: 0, filter: TYPING_ONLY } });
    const poll = pollTyping(b, bobOnB, initial.next_batch, roomId);
    // Give B time to park the long-poll (ordering only; nothing is timed on it).
    await new Promise((resolve) => setTimeout(resolve, 500));
    await ok(a, "PUT", typingPath, { token: alice.accessToken, body: { typing: true, timeout: 60_000 } });
    const typing = await poll;
    t.same(typers(typing, roomId), [alice.userId], "bob sees alice typing through the other process");
    // A renewal through A with a short timeout: B moves the expiry closer too, without waking anyone.
    await ok(a, "PUT", typingPath, { token: alice.accessToken, body: { typing: true, timeout: 300 } });
    const expired = await pollTyping(b, bobOnB, typing.next_batch, roomId);
    t.same(typers(expired, roomId), [], "B expired her entry itself and told bob");
  });

  await t.test("a token issued by A works on B: B sends the current lists", async (t) => {
    const fromA = await ok<Sync>(a, "GET", `${V3}/sync`, { token: bob.accessToken, query: { timeout: 0, filter: TYPING_ONLY } });
    const nobody = await ok<Sync>(b, "GET", `${V3}/sync`, { token: bobOnB, query: { since: fromA.next_batch, timeout: 0, filter: TYPING_ONLY } });
    t.same(typers(nobody, roomId), [], "an A mark on B: the room's current (empty) list");

    const watch = pollTyping(b, bobOnB, nobody.next_batch, roomId);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await ok(a, "PUT", typingPath, { token: alice.accessToken, body: { typing: true, timeout: 60_000 } });
    t.same(typers(await watch, roomId), [alice.userId], "B has applied alice's typing");
    const withA = await ok<Sync>(b, "GET", `${V3}/sync`, { token: bobOnB, query: { since: fromA.next_batch, timeout: 0, filter: TYPING_ONLY } });
    t.same(typers(withA, roomId), [alice.userId], "the same A token on B now lists alice");

    const typingOnA = await ok<Sync>(a, "GET", `${V3}/sync`, { token: bob.accessToken, query: { since: fromA.next_batch, timeout: 0, filter: TYPING_ONLY } });
    t.same(typers(typingOnA, roomId), [alice.userId], "A applied its own change at once");
    await ok(b, "PUT", typingPath, { token: await login(b, alice, "alice"), body: { typing: false } });
    const stopped = await pollTyping(a, bob.accessToken, typingOnA.next_batch, roomId);
    t.same(typers(stopped, roomId), [], "stopping through B reaches A");
  });
}
