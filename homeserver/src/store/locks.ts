/**
 * Per-room serialisation across processes. Events in one room must be built
 * one at a time (prev_events, depth, state), so the send transaction takes a
 * transaction-scoped advisory lock on the room first; other rooms proceed in
 * parallel. The key is a 64-bit hash of schema and room ID: a collision only
 * makes two rooms wait for each other, never breaks anything.
 *
 * Lock order, to stay free of deadlocks: rooms before stream positions
 * (stream.ts), and several rooms in sorted room ID order.
 */
import type { Transaction } from "./database.js";

/** Waits until no other transaction holds the room, then holds it until this transaction ends. */
export async function lockRoom(tx: Transaction, roomId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':room:' || $1, 0))", [roomId], { prepare: true });
}
