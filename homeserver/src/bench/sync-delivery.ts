/**
 * sync-delivery: `readers` users long-poll /sync in a room while one user
 * sends `messages` into it, one every `intervalMs` (or as soon as the
 * previous send has answered, should one take longer). Delivery latency is
 * from the start of the send request to the reader having read the /sync
 * response that carries the message, over every (reader, message) pair;
 * every reader must get every message exactly once.
 */
import { createRoom, join, send } from "./client.js";
import { waitQuiet } from "./proc.js";
import { Reader } from "./reader.js";
import type { Scenario } from "./scenario.js";
import { now, sleep, summarize, waitAtMost, type Metrics } from "./stats.js";

/** How long after the last send a missing message is given up on. */
const GRACE_MS = 10_000;

export const syncDelivery: Scenario = async (ctx, meter) => {
  const { readers: n, messages, intervalMs } = ctx.sizes.syncDelivery;
  const [sender, ...users] = await ctx.newUsers(n + 1);
  const roomId = await createRoom(sender!);
  for (const user of users) await join(user, roomId);

  const runs: Metrics[] = [];
  for (let r = 0; r < ctx.sizes.runs; r++) {
    const tag = `delivery-${r}`;
    const readers = users.map((user) => new Reader(user, tag, messages));
    await Promise.all(readers.map((reader) => reader.start()));
    await waitQuiet(ctx.pids, 100, 5_000);
    const sentAt: number[] = [];
    await meter.measure(async () => {
      const start = now();
      for (let k = 0; k < messages; k++) {
        await sleep(Math.max(0, start + k * intervalMs - now()));
        sentAt[k] = now();
        await send(sender!, roomId, `${tag} ${k}`);
      }
      await waitAtMost(Promise.all(readers.map((reader) => reader.waitFor(messages - 1))), GRACE_MS);
    });
    await Promise.all(readers.map((reader) => reader.stop()));

    const latencies: number[] = [];
    let missing = 0;
    for (const reader of readers) {
      for (let k = 0; k < messages; k++) {
        const arrived = reader.arrivals.get(k);
        if (arrived === undefined) missing++;
        else latencies.push(arrived - sentAt[k]!);
      }
    }
    const duplicates = readers.reduce((sum, reader) => sum + reader.duplicates, 0);
    const s = summarize(latencies);
    runs.push({ medianMs: s.medianMs, p99Ms: s.p99Ms, maxMs: s.maxMs, missing, duplicates });
    ctx.progress(`sync-delivery run ${r + 1}: median ${s.medianMs} ms, p99 ${s.p99Ms} ms, ${missing} missing`);
  }
  return { runs };
};
