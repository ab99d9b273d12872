/**
 * Scenario 5: one page of room history, backwards from the present
 * (GET /rooms/{id}/messages?dir=b&limit=50), in the room the send scenario
 * filled, so the page is always full.
 */
import type { BenchClient, BenchUser } from "./client.js";
import type { Sizes } from "./options.js";
import { now, summarize, type Summary } from "./stats.js";

export type MessagesResult = Summary & { limit: number; eventsPerPage: number };

export async function benchMessages(client: BenchClient, user: BenchUser, roomId: string, sizes: Sizes["messages"]): Promise<MessagesResult> {
  const samples: number[] = [];
  let eventsPerPage = 0;
  for (let r = 0; r < sizes.warmup + sizes.runs; r++) {
    const t0 = now();
    const page = await client.messages(user, roomId, sizes.limit);
    const elapsed = now() - t0;
    if (r < sizes.warmup) continue;
    samples.push(elapsed);
    eventsPerPage = page.chunk.length;
  }
  return { ...summarize(samples), limit: sizes.limit, eventsPerPage };
}
