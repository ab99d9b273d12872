/**
 * Scenario 3: /sync wake latency. bob holds a long-poll
 * (/sync?since=…&timeout=30000, messages only); once it has had time to
 * park, alice sends into their room. A sample is the time from alice's send
 * response to bob's long-poll response carrying that event: the commit →
 * bus → notifier → /sync read path. `sendMs` is alice's send alone, for
 * comparison, and `endToEndMs` is the time from alice starting the send to
 * bob holding the message.
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
    let poll = client.sync(bob, { since, timeout: 30_000, filter: MESSAGES_ONLY_FILTER });
    await sleep(sizes.settleMs);
    const sendStart = now();
    const eventId = await client.send(alice, roomId, `wake ${i}`);
    const sendDone = now();
    for (;;) {
      const res = await poll;
      const arrived = now();
      since = res.body.next_batch;
      if (messageIds(res.body).includes(eventId)) {
        if (i >= sizes.warmup) {
          wake.push(arrived - sendDone);
          endToEnd.push(arrived - sendStart);
        }
        break;
      }
      extraPolls++;
      poll = client.sync(bob, { since, timeout: 30_000, filter: MESSAGES_ONLY_FILTER });
    }
  }
  return { ...summarize(wake), endToEnd: summarize(endToEnd), extraPolls };
}
