/**
 * Scenario 1: send latency. One user sends messages one after another into
 * one room (PUT /rooms/{id}/send/m.room.message/{txn}); each request is
 * timed from the call to the parsed response. The first `warmup` sends are
 * discarded (JIT, connection set-up, first-query plans).
 */
import type { BenchClient, BenchUser } from "./client.js";
import type { Sizes } from "./options.js";
import { now, round, summarize, type Summary } from "./stats.js";

export type SendResult = Summary & { msgsPerSec: number };

export async function benchSend(client: BenchClient, user: BenchUser, roomId: string, sizes: Sizes["send"]): Promise<SendResult> {
  for (let i = 0; i < sizes.warmup; i++) await client.send(user, roomId, `warm-up ${i}`);
  const samples: number[] = [];
  const start = now();
  for (let i = 0; i < sizes.count; i++) {
    const t0 = now();
    await client.send(user, roomId, `message ${i}`);
    samples.push(now() - t0);
  }
  const elapsedS = (now() - start) / 1000;
  return { ...summarize(samples), msgsPerSec: round(sizes.count / elapsedS, 1) };
}
