/**
 * initial-sync: a user in `rooms` rooms of `perRoom` messages each logs in
 * on a fresh device (a new access token, no since token) and makes its
 * first /sync: once with no filter (the server's default timeline limit),
 * once with `timeline.limit` set. Timed from request to the whole body read;
 * the login is not timed. Every run checks that every room came back.
 */
import { createRoom, login, send, sync, type BenchUser } from "./client.js";
import type { Scenario } from "./scenario.js";
import { inParallel, median, now, round, type Metrics } from "./stats.js";

export const initialSync: Scenario = async (ctx, meter) => {
  const { rooms, perRoom, samples, timelineLimit } = ctx.sizes.initialSync;
  const [user] = await ctx.newUsers(1);
  ctx.progress(`initial-sync: filling ${rooms} rooms with ${perRoom} messages each`);
  // 8 rooms at a time; each room's sends stay in order.
  await inParallel(
    Array.from({ length: rooms }, (_, i) => i),
    8,
    async (i) => {
      const roomId = await createRoom(user!, "private_chat");
      for (let m = 0; m < perRoom; m++) await send(user!, roomId, `room ${i} message ${m}`);
    },
  );
  const limited = JSON.stringify({ room: { timeline: { limit: timelineLimit } } });

  const runs: Metrics[] = [];
  for (let r = 0; r < ctx.sizes.runs; r++) {
    const plain: number[] = [];
    const withLimit: number[] = [];
    let bytes = 0;
    let limitedBytes = 0;
    for (let s = 0; s < samples; s++) {
      bytes = await timedSync(meter, await login(user!), undefined, rooms, plain);
      limitedBytes = await timedSync(meter, await login(user!), limited, rooms, withLimit);
    }
    runs.push({ medianMs: round(median(plain)), limitedMedianMs: round(median(withLimit)), responseBytes: bytes, limitedResponseBytes: limitedBytes });
    ctx.progress(`initial-sync run ${r + 1}: ${round(median(plain))} ms, with timeline.limit=${timelineLimit} ${round(median(withLimit))} ms`);
  }
  return { runs };
};

async function timedSync(meter: { measure<T>(fn: () => Promise<T>): Promise<T> }, device: BenchUser, filter: string | undefined, rooms: number, into: number[]): Promise<number> {
  const { res, ms } = await meter.measure(async () => {
    const t0 = now();
    const res = await sync(device, filter ? { filter } : {});
    return { res, ms: now() - t0 };
  });
  const joined = Object.keys(res.body.rooms?.join ?? {}).length;
  if (joined !== rooms) throw new Error(`initial /sync returned ${joined} joined rooms, expected ${rooms}`);
  into.push(ms);
  return res.bytes;
}
