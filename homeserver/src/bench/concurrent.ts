/**
 * Scenario 2: concurrent send throughput. `users` senders each send
 * `perUser` messages, one after another, all senders at once: first each in
 * a room of their own (only the global stream-head ordering is shared), then
 * all in ONE room (the per-room lock serialises them too). Throughput is all
 * messages over the wall time of the round; the median of the measured
 * rounds is reported, warm-up rounds are discarded.
 */
import type { BenchClient, BenchUser } from "./client.js";
import type { Sizes } from "./options.js";
import { median, now, round } from "./stats.js";

export type ThroughputResult = { users: number; rounds: number; messages: number; msgsPerSec: number; minMsgsPerSec: number; maxMsgsPerSec: number };

export type ConcurrentResult = { separateRooms: ThroughputResult; oneRoom: ThroughputResult };

export async function benchConcurrent(client: BenchClient, users: readonly BenchUser[], sizes: Sizes["concurrent"]): Promise<ConcurrentResult> {
  const ownRooms = await Promise.all(users.map((u) => client.createRoom(u)));
  const shared = await client.createRoom(users[0]!);
  for (const u of users.slice(1)) await client.join(u, shared);
  return {
    separateRooms: await rounds(client, users, ownRooms, sizes),
    oneRoom: await rounds(client, users, users.map(() => shared), sizes),
  };
}

async function rounds(client: BenchClient, users: readonly BenchUser[], rooms: readonly string[], sizes: Sizes["concurrent"]): Promise<ThroughputResult> {
  const rates: number[] = [];
  for (let r = 0; r < sizes.warmupRounds + sizes.rounds; r++) {
    const start = now();
    await Promise.all(
      users.map(async (user, i) => {
        for (let m = 0; m < sizes.perUser; m++) await client.send(user, rooms[i]!, `round ${r} message ${m}`);
      }),
    );
    const rate = (users.length * sizes.perUser) / ((now() - start) / 1000);
    if (r >= sizes.warmupRounds) rates.push(rate);
  }
  return {
    users: users.length,
    rounds: sizes.rounds,
    messages: users.length * sizes.perUser,
    msgsPerSec: round(median(rates), 1),
    minMsgsPerSec: round(Math.min(...rates), 1),
    maxMsgsPerSec: round(Math.max(...rates), 1),
  };
}
