/**
 * send-seq: one user sends into one room, one message after another
 * (PUT /rooms/{id}/send/m.room.message/{txn}), each timed from the request
 * to the parsed response. A short warm-up before each run is discarded.
 */
import { createRoom, send } from "./client.js";
import type { Scenario } from "./scenario.js";
import { now, round, summarize, type Metrics } from "./stats.js";

export const sendSeq: Scenario = async (ctx, meter) => {
  const { warmup, count } = ctx.sizes.sendSeq;
  const [user] = await ctx.newUsers(1);
  const roomId = await createRoom(user!);
  const runs: Metrics[] = [];
  for (let r = 0; r < ctx.sizes.runs; r++) {
    for (let i = 0; i < warmup; i++) await send(user!, roomId, `warm-up ${r}.${i}`);
    const samples: number[] = [];
    const elapsed = await meter.measure(async () => {
      const start = now();
      for (let i = 0; i < count; i++) {
        const t0 = now();
        await send(user!, roomId, `message ${r}.${i}`);
        samples.push(now() - t0);
      }
      return now() - start;
    });
    const s = summarize(samples);
    runs.push({ medianMs: s.medianMs, p99Ms: s.p99Ms, msgsPerSec: round(count / (elapsed / 1000), 1) });
    ctx.progress(`send-seq run ${r + 1}: median ${s.medianMs} ms, p99 ${s.p99Ms} ms`);
  }
  return { runs };
};
