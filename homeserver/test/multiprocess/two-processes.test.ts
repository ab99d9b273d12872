/**
 * Two homeserver processes on ONE Postgres and ONE Redis behave as one
 * server (DESIGN.md: "several homeserver processes behind a load balancer").
 * Both are started with startHomeserver from the same configuration, as an
 * operator would start two replicas: same server name, same key files, same
 * WARD_DATABASE_URL (a fresh schema of the test Postgres, chosen through the
 * URL's `options=-c search_path=...`, so the production open-and-migrate path
 * runs, in both processes at once), same Redis on a channel of their own.
 *
 *   - a /sync long-poll held by B wakes when a message is sent through A
 *     (the Redis bus carries the hint; Postgres carries the data), well
 *     before its timeout;
 *   - writes through A and B to different rooms at the same time, read by
 *     incremental /sync on both sides while they happen: every event
 *     arrives, exactly once, in order per room (stream positions never let a
 *     reader skip an event that committed late).
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
import { login, MESSAGES_ONLY, ok, pgUrl, redisUrl, send, servicesConfigured, timelineMessages, V3, withSearchPath, type Seen } from "./shared.js";

if (servicesConfigured()) {
  const [pg, redis] = [pgUrl!, redisUrl!];
  t.test("two homeserver processes, one Postgres, one Redis", (t) => main(t, pg, redis));
} else {
  t.plan(0, "needs WARD_TEST_DATABASE_URL and WARD_TEST_REDIS_URL");
}

async function startPair(t: Tap, pg: string, redis: string): Promise<{ a: Ward; b: Ward; config: Config }> {
  const scratch = await createScratchSchema();
  t.teardown(() => scratch.drop());
  const dataDir = tempDir("ward-multiprocess-");
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
  // Tests only: cheap password hashes (below the production floor loadConfig enforces).
  const config: Config = Object.freeze({ ...base, passwordHashing: { opsLimit: 1, memLimit: 8 * 1024 * 1024 } });
  // Provision the key files once, as an operator would before starting replicas
  // (two first starts racing to create them is covered by shared-keys.test.ts).
  await loadOrCreateKeys(config, captureLogger("error").logger);
  const channel = `ward:test:${randomBytes(6).toString("hex")}`;
  const start = async () => {
    const log = captureLogger("warn");
    const server = await startHomeserver(config, {
      logger: log.logger,
      openBus: () => RedisBus.connect({ url: redis, channel }),
    });
    const ward = wardClient(server.url, { config, server, log });
    t.teardown(() => ward.close());
    return ward;
  };
  // Both at once: the schema is empty, so both run the migrations (serialised by their advisory lock).
  const [a, b] = await Promise.all([start(), start()]);
  return { a, b, config };
}

async function main(t: Tap, pg: string, redis: string): Promise<void> {
  const { a, b } = await startPair(t, pg, redis);
  t.equal(a.server.keys.atRest.keyId, b.server.keys.atRest.keyId, "both processes use the same at-rest key");

  const alice = await a.register("alice");
  const bob = await a.register("bob");
  const bobOnB = await login(b, bob, "bob");
  const aliceOnB = await login(b, alice, "alice");

  const roomA = (await ok(a, "POST", `${V3}/createRoom`, { token: alice.accessToken, body: { preset: "private_chat", invite: [bob.userId] } })).room_id as string;
  const roomB = (await ok(b, "POST", `${V3}/createRoom`, { token: aliceOnB, body: { preset: "private_chat", invite: [bob.userId] } })).room_id as string;
  await ok(b, "POST", `${V3}/rooms/${encodeURIComponent(roomA)}/join`, { token: bobOnB, body: {} });
  await ok(a, "POST", `${V3}/rooms/${encodeURIComponent(roomB)}/join`, { token: bob.accessToken, body: {} });

  await t.test("a /sync long-poll on B wakes for a message sent through A", async (t) => {
    const initial = await ok(b, "GET", `${V3}/sync`, { token: bobOnB, query: { timeout: 0, filter: MESSAGES_ONLY } });
    const started = Date.now();
    const poll = b.request("GET", `${V3}/sync`, { token: bobOnB, query: { since: initial.next_batch, timeout: 20_000, filter: MESSAGES_ONLY } });
    // Give B time to park the long-poll (ordering only; nothing is timed on it).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = await send(a, alice.accessToken, roomA, "wake-1", "wake up, bob");
    const sentAt = Date.now();
    const res = await poll;
    const wokeAt = Date.now();
    t.equal(res.status, 200);
    t.same(
      timelineMessages(res.body).map((m) => m.eventId),
      [sent.event_id],
      "the long-poll returns the message sent through the other process",
    );
    t.comment(`B's long-poll woke after ${wokeAt - sentAt} ms (held ${wokeAt - started} ms of its 20000 ms timeout)`);
    t.ok(wokeAt - sentAt < 5000, "woke well before the timeout");
  });

  await t.test("and the other way round: a long-poll on A wakes for a message sent through B", async (t) => {
    const initial = await ok(a, "GET", `${V3}/sync`, { token: alice.accessToken, query: { timeout: 0, filter: MESSAGES_ONLY } });
    const poll = a.request("GET", `${V3}/sync`, { token: alice.accessToken, query: { since: initial.next_batch, timeout: 20_000, filter: MESSAGES_ONLY } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = await send(b, bobOnB, roomB, "wake-2", "wake up, alice");
    const sentAt = Date.now();
    const res = await poll;
    const latency = Date.now() - sentAt;
    t.same(timelineMessages(res.body).map((m) => m.eventId), [sent.event_id]);
    t.comment(`A's long-poll woke after ${latency} ms`);
    t.ok(latency < 5000, "woke well before the timeout");
  });

  await t.test("concurrent writers in two processes: every reader sees every event once, in order", async (t) => {
    const readerA = await ok(a, "GET", `${V3}/sync`, { token: bob.accessToken, query: { timeout: 0, filter: MESSAGES_ONLY } });
    const readerB = await ok(b, "GET", `${V3}/sync`, { token: bobOnB, query: { timeout: 0, filter: MESSAGES_ONLY } });
    let writing = true;

    // 50 messages: 25 into roomA through A and 25 into roomB through B, the two
    // sequences running at the same time (each room's own sends are sequential,
    // so each room has a defined order).
    const writer = async (ward: Ward, token: string, roomId: string, prefix: string) => {
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) ids.push((await send(ward, token, roomId, `${prefix}-${i}`, `${prefix} ${i}`)).event_id);
      return ids;
    };

    // Readers sync incrementally on both processes WHILE the writes happen; after the
    // writers finish, one more sync that brings nothing new ends each reader.
    const reader = async (ward: Ward, token: string, since: string) => {
      const seen: Seen[] = [];
      let limited = 0;
      for (let round = 0; round < 500; round++) {
        const finished = !writing;
        const sync = await ok(ward, "GET", `${V3}/sync`, { token, query: { since, timeout: finished ? 0 : 250, filter: MESSAGES_ONLY } });
        for (const room of Object.values<any>(sync.rooms?.join ?? {})) if (room.timeline?.limited) limited++;
        const batch = timelineMessages(sync);
        seen.push(...batch);
        since = sync.next_batch;
        if (finished && batch.length === 0) return { seen, limited, rounds: round + 1 };
      }
      throw new Error("reader did not settle after 500 syncs");
    };

    const readers = Promise.all([reader(a, bob.accessToken, readerA.next_batch), reader(b, bobOnB, readerB.next_batch)]);
    const [idsA, idsB] = await Promise.all([writer(a, alice.accessToken, roomA, "A"), writer(b, aliceOnB, roomB, "B")]).finally(() => {
      writing = false;
    });
    const [onA, onB] = await readers;

    for (const [side, result] of [["A", onA], ["B", onB]] as const) {
      t.comment(`reader on ${side}: ${result.seen.length} events in ${result.rounds} syncs`);
      t.equal(result.limited, 0, `reader on ${side}: no limited timeline (limit 100 > 50), so nothing was left out on purpose`);
      const ids = result.seen.map((s) => s.eventId);
      t.equal(new Set(ids).size, ids.length, `reader on ${side}: no event twice`);
      t.same(result.seen.filter((s) => s.roomId === roomA).map((s) => s.eventId), idsA, `reader on ${side}: room A's 25, all, in order`);
      t.same(result.seen.filter((s) => s.roomId === roomB).map((s) => s.eventId), idsB, `reader on ${side}: room B's 25, all, in order`);
      t.equal(ids.length, 50, `reader on ${side}: 50 events in all`);
    }
  });

  await t.test("history reads the same through either process", async (t) => {
    const path = `${V3}/rooms/${encodeURIComponent(roomB)}/messages`;
    const query = { dir: "b", limit: 100, filter: JSON.stringify({ types: ["m.room.message"] }) };
    const viaA = await ok(a, "GET", path, { token: bob.accessToken, query });
    const viaB = await ok(b, "GET", path, { token: bobOnB, query });
    t.same(
      viaA.chunk.map((e: any) => e.event_id),
      viaB.chunk.map((e: any) => e.event_id),
      "same events, same order",
    );
    t.same(
      viaA.chunk.map((e: any) => e.content.body),
      viaB.chunk.map((e: any) => e.content.body),
      "content written (encrypted) by one process is read by the other",
    );
    t.ok(viaA.chunk.length >= 26, `${viaA.chunk.length} messages`);
  });

  await t.test("logout through A ends bob's long-poll on B", async (t) => {
    const extra = await login(b, bob, "bob");
    const initial = await ok(b, "GET", `${V3}/sync`, { token: extra, query: { timeout: 0, filter: MESSAGES_ONLY } });
    const poll = b.request("GET", `${V3}/sync`, { token: extra, query: { since: initial.next_batch, timeout: 20_000 } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await ok(a, "POST", `${V3}/logout`, { token: extra, body: {} });
    const loggedOutAt = Date.now();
    const res = await poll;
    t.comment(`long-poll ended ${Date.now() - loggedOutAt} ms after the logout`);
    t.equal(res.status, 401, "the long-poll answers 401");
    t.equal(res.body.errcode, "M_UNKNOWN_TOKEN");
    t.ok(Date.now() - loggedOutAt < 5000, "at once, not at its timeout");
  });
}
