/**
 * The benchmark as a function: starts a homeserver in this process,
 * registers the bench users over HTTP, runs the five scenarios in order and
 * returns every number. The CLI (run.ts) prints them; the smoke test calls
 * this in quick mode.
 *
 * Memory is this process's: the server and the bench client share it.
 */
import { BenchClient } from "./client.js";
import { benchConcurrent, type ConcurrentResult } from "./concurrent.js";
import { benchInitialSync, type InitialSyncResult } from "./initial-sync.js";
import { benchMessages, type MessagesResult } from "./messages.js";
import { FULL, QUICK, type BenchmarkOptions } from "./options.js";
import { benchSend, type SendResult } from "./send.js";
import { startBenchServer } from "./server.js";
import { now, round } from "./stats.js";
import { benchSyncWake, type SyncWakeResult } from "./sync-wake.js";

export type BenchmarkResults = {
  backend: { database: "pglite" | "postgres"; bus: "memory" | "redis" };
  quick: boolean;
  node: string;
  setup: { startMs: number; users: number; registerMs: number };
  send: SendResult;
  concurrent: ConcurrentResult;
  syncWake: SyncWakeResult;
  initialSync: InitialSyncResult;
  messages: MessagesResult;
  memory: { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number };
};

export async function runBenchmark(options: BenchmarkOptions = {}): Promise<BenchmarkResults> {
  const quick = options.quick ?? false;
  const sizes = options.sizes ?? (quick ? QUICK : FULL);
  const progress = options.progress ?? (() => {});
  const t0 = now();
  const server = await startBenchServer({ databaseUrl: options.databaseUrl, redisUrl: options.redisUrl });
  try {
    const startMs = now() - t0;
    progress(`server up on ${server.url} (${server.database}, ${server.bus} bus) in ${Math.round(startMs)} ms`);
    const client = new BenchClient(server.url);
    const t1 = now();
    const [alice, bob, reader] = await Promise.all(["alice", "bob", "reader"].map((name) => client.register(name)));
    const senders = await Promise.all(Array.from({ length: sizes.concurrent.users }, (_, i) => client.register(`sender${i}`)));
    const registerMs = now() - t1;

    progress(`send latency: ${sizes.send.count} sequential sends`);
    const sendRoom = await client.createRoom(alice!);
    const send = await benchSend(client, alice!, sendRoom, sizes.send);
    progress(`concurrent sends: ${sizes.concurrent.users} users × ${sizes.concurrent.perUser} messages`);
    const concurrent = await benchConcurrent(client, senders, sizes.concurrent);
    progress(`/sync wake latency: ${sizes.syncWake.count} samples`);
    const syncWake = await benchSyncWake(client, alice!, bob!, sizes.syncWake);
    progress(`initial /sync: ${sizes.initialSync.rooms} rooms × ${sizes.initialSync.perRoom} messages`);
    const initialSync = await benchInitialSync(client, reader!, sizes.initialSync);
    progress(`/messages: ${sizes.messages.runs} pages of ${sizes.messages.limit}`);
    const messages = await benchMessages(client, alice!, sendRoom, sizes.messages);

    const mem = process.memoryUsage();
    return {
      backend: { database: server.database, bus: server.bus },
      quick,
      node: process.version,
      setup: { startMs: round(startMs, 0), users: 3 + senders.length, registerMs: round(registerMs, 0) },
      send,
      concurrent,
      syncWake,
      initialSync,
      messages,
      memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, heapTotalBytes: mem.heapTotal },
    };
  } finally {
    await server.close();
  }
}
