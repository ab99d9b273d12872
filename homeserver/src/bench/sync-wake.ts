/**
 * Scenario 3: /sync wake latency. bob holds a long-poll
 * (/sync?since=…&timeout=30000, messages only); once it has had time to
 * park, alice sends into their room. Two numbers per sample:
 *
 * - `endToEnd`: from alice starting her send to bob's long-poll response
 *   carrying that event (what a user waits for);
 * - the summary itself: from alice's send response to bob's response, the
 *   commit → bus → notifier → /sync read path as the client sees it.
 *
 * Server and bench share one process and event loop: the woken /sync runs
 * while alice's response is still being read, so the second number is small
 * and part of the wake work shows up in alice's send time instead (PGlite
 * runs its queries on the main thread). Compare `endToEnd` with the
 * sequential send latency for the cost of having a reader waiting.
 */
import { MESSAGES_ONLY_FILTER, messageIds, type BenchClient, type BenchUser } from "./client.js";
import type { Sizes } from "./options.js";
import { now, sleep, summarize, type Summary } from "./stats.js";

export type SyncWakeResult = Summary & { endToEnd: Summary; extraPolls: number };

export async function benchSyncWake(client: BenchClient, alice: BenchUser, bob: BenchUser, sizes: Sizes["syncWake"]): Promise<SyncWakeResult> {
  const roomId = await client.createRoom(alice);
  await client.join(bob, roomId);
  let since = (await client.sync(bob, { filter: MESSAGES_ONLY_FILTER })).body.next_batch;
  const wake: number[] = [];
  const endToEnd: number[] = [];
  // Long-polls that came back without the message (woken by something else): should stay 0.
  let extraPolls = 0;
  for (let i = 0; i < sizes.warmup + sizes.count; i++) {
    let poll = longPoll(client, bob, since);
    await sleep(sizes.settleMs);
    const sendStart = now();
    const eventId = await client.send(alice, roomId, `wake ${i}`);
    const sendDone = now();
    for (;;) {
      const { res, arrived } = await poll;
      since = res.body.next_batch;
      if (messageIds(res.body).includes(eventId)) {
        if (i >= sizes.warmup) {
          wake.push(arrived - sendDone);
          endToEnd.push(arrived - sendStart);
        }
        break;
      }
      extraPolls++;
      poll = longPoll(client, bob, since);
    }
  }
  return { ...summarize(wake), endToEnd: summarize(endToEnd), extraPolls };
}

/** A long-poll, stamped when its response has been read (not when this code gets round to awaiting it). */
async function longPoll(client: BenchClient, bob: BenchUser, since: string) {
  const res = await client.sync(bob, { since, timeout: 30_000, filter: MESSAGES_ONLY_FILTER });
  return { res, arrived: now() };
}
