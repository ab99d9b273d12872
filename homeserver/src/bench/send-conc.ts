/**
 * send-conc: `senders` users each send one message after another, all at
 * once, for `seconds`: first all into ONE shared room (the room's ordering
 * serialises them), then each into a room of its own (only the global
 * stream order is shared). Throughput is every completed send over the wall
 * time until the last one answered; latency is per send.
 */
import { createRoom, join, send, type BenchUser } from "./client.js";
import type { Scenario } from "./scenario.js";
import { now, round, summarize, type Metrics } from "./stats.js";

export const sendConc: Scenario = async (ctx, meter) => {
  const { senders: n, seconds } = ctx.sizes.sendConc;
  const senders = await ctx.newUsers(n);
  const shared = await createRoom(senders[0]!);
  for (const user of senders.slice(1)) await join(user, shared);
  const own = await Promise.all(senders.map((user) => createRoom(user)));
  // Warm-up, discarded: every sender's connection open and every room's first send done.
  await Promise.all(senders.map((user, i) => send(user, own[i]!, "warm-up").then(() => send(user, shared, "warm-up"))));

  const runs: Metrics[] = [];
  for (let r = 0; r < ctx.sizes.runs; r++) {
    const sharedRound = await meter.measure(() => burst(senders, () => shared, seconds, r));
    const ownRound = await meter.measure(() => burst(senders, (i) => own[i]!, seconds, r));
    runs.push({
      sharedMsgsPerSec: sharedRound.msgsPerSec,
      sharedMedianMs: sharedRound.medianMs,
      sharedP99Ms: sharedRound.p99Ms,
      ownMsgsPerSec: ownRound.msgsPerSec,
      ownMedianMs: ownRound.medianMs,
      ownP99Ms: ownRound.p99Ms,
    });
    ctx.progress(`send-conc run ${r + 1}: shared room ${sharedRound.msgsPerSec} msg/s, a room each ${ownRound.msgsPerSec} msg/s`);
  }
  return { runs };
};

async function burst(senders: readonly BenchUser[], roomOf: (i: number) => string, seconds: number, r: number) {
  const latencies: number[] = [];
  const start = now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    senders.map(async (user, i) => {
      for (let m = 0; now() < deadline; m++) {
        const t0 = now();
        await send(user, roomOf(i), `run ${r} sender ${i} message ${m}`);
        latencies.push(now() - t0);
      }
    }),
  );
  const elapsed = (now() - start) / 1000;
  const s = summarize(latencies);
  return { msgsPerSec: round(latencies.length / elapsed, 1), medianMs: s.medianMs, p99Ms: s.p99Ms };
}
