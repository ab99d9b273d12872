/**
 * fan-out: `users` members of one channel all hold a /sync long-poll; one
 * member posts `messages`, one at a time: each is sent once every reader
 * has received the previous one, polled again, and the servers have gone
 * quiet (every new long-poll parked). Per message, the time from the start
 * of the send to the LAST reader having it; the p99 over messages is the
 * headline. The servers' peak RSS comes from the usage meter.
 *
 * A server that takes minutes per message would keep the full run going for
 * hours: a run stops sending once its time budget is spent (the messages it
 * did send are measured, and the report says how many), and no further runs
 * follow it.
 */
import { createRoom, join, send } from "./client.js";
import { waitQuiet } from "./proc.js";
import { Reader } from "./reader.js";
import type { Scenario } from "./scenario.js";
import { inParallel, now, percentile, round, summarize, waitAtMost, type Metrics } from "./stats.js";

/** How long one message is waited for at least before the rest count as missing. */
const DELIVERY_TIMEOUT_MS = 30_000;

export const fanOut: Scenario = async (ctx, meter) => {
  const { users: n, messages, budgetSeconds } = ctx.sizes.fanOut;
  ctx.progress(`fan-out: registering ${n + 1} users`);
  const t0 = now();
  const [poster, ...users] = await ctx.newUsers(n + 1);
  ctx.progress(`fan-out: registered in ${seconds(t0)} s; joining them to one channel`);
  const t1 = now();
  const roomId = await createRoom(poster!);
  let joined = 0;
  await inParallel(users, 8, async (user) => {
    await join(user, roomId);
    if (++joined % 100 === 0) ctx.progress(`fan-out: ${joined} joined after ${seconds(t1)} s`);
  });

  const runs: Metrics[] = [];
  const notes: string[] = [];
  for (let r = 0; r < ctx.sizes.runs; r++) {
    const tag = `fanout-${r}`;
    const readers = users.map((user) => new Reader(user, tag, messages));
    await inParallel(readers, 50, (reader) => reader.start());
    if (!(await waitQuiet(ctx.pids, 200, 60_000))) notes.push(`run ${r + 1}: the servers never went quiet after ${n} long-polls started`);
    const sentAt: number[] = [];
    const budgetEnd = now() + budgetSeconds * 1000;
    await meter.measure(async () => {
      for (let k = 0; k < messages && (k === 0 || now() < budgetEnd); k++) {
        sentAt[k] = now();
        await send(poster!, roomId, `${tag} ${k}`);
        await waitAtMost(Promise.all(readers.map((reader) => reader.waitFor(k))), Math.max(DELIVERY_TIMEOUT_MS, budgetEnd - now()));
        if (k < messages - 1) await waitQuiet(ctx.pids, 100, 10_000);
      }
    });
    await Promise.all(readers.map((reader) => reader.stop()));

    const last: number[] = [];
    const all: number[] = [];
    let missing = 0;
    for (let k = 0; k < sentAt.length; k++) {
      let latest = 0;
      for (const reader of readers) {
        const arrived = reader.arrivals.get(k);
        if (arrived === undefined) {
          missing++;
          continue;
        }
        all.push(arrived - sentAt[k]!);
        latest = Math.max(latest, arrived - sentAt[k]!);
      }
      last.push(latest);
    }
    const everyone = summarize(all);
    runs.push({
      lastMedianMs: round(summarize(last).medianMs),
      lastP99Ms: round(percentile(last, 99)),
      allMedianMs: everyone.medianMs,
      allP99Ms: everyone.p99Ms,
      missing,
      messagesSent: sentAt.length,
    });
    ctx.progress(`fan-out run ${r + 1}: last reader p99 ${round(percentile(last, 99))} ms (median ${summarize(last).medianMs} ms), ${missing} missing`);
    if (sentAt.length < messages) {
      notes.push(`run ${r + 1} sent ${sentAt.length} of ${messages} messages before its ${budgetSeconds} s budget ran out; no further runs`);
      break;
    }
  }
  return { runs, notes };
};

const seconds = (since: number): string => ((now() - since) / 1000).toFixed(1);
