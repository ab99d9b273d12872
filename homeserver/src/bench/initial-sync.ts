/**
 * Scenario 4: initial /sync (no since token, no filter, so the default
 * timeline limit) for a user in `rooms` rooms holding `perRoom` messages
 * each. Timed from request to parsed body; the response size is the JSON
 * body's bytes.
 */
import type { BenchClient, BenchUser } from "./client.js";
import type { Sizes } from "./options.js";
import { inParallel, now, summarize, type Summary } from "./stats.js";

export type InitialSyncResult = Summary & { rooms: number; messagesPerRoom: number; responseBytes: number; timelineEvents: number };

export async function benchInitialSync(client: BenchClient, reader: BenchUser, sizes: Sizes["initialSync"]): Promise<InitialSyncResult> {
  const rooms = Array.from({ length: sizes.rooms }, (_, i) => i);
  // Set-up, not measured: rooms filled 8 at a time (each room's sends stay in order).
  await inParallel(rooms, 8, async (i) => {
    const roomId = await client.createRoom(reader, "private_chat");
    for (let m = 0; m < sizes.perRoom; m++) await client.send(reader, roomId, `room ${i} message ${m}`);
  });
  const samples: number[] = [];
  let responseBytes = 0;
  let timelineEvents = 0;
  for (let r = 0; r < sizes.warmup + sizes.runs; r++) {
    const t0 = now();
    const res = await client.sync(reader);
    const elapsed = now() - t0;
    if (r < sizes.warmup) continue;
    samples.push(elapsed);
    responseBytes = res.bytes;
    const joined = Object.values(res.body.rooms?.join ?? {});
    if (joined.length !== sizes.rooms) throw new Error(`initial /sync returned ${joined.length} joined rooms, expected ${sizes.rooms}`);
    timelineEvents = joined.reduce((n, room) => n + (room.timeline?.events?.length ?? 0), 0);
  }
  return { ...summarize(samples), rooms: sizes.rooms, messagesPerRoom: sizes.perRoom, responseBytes, timelineEvents };
}
