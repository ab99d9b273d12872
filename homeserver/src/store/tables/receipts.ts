/**
 * Table receipts: each user's latest read receipt per (room, type, thread),
 * m.read (public) and m.read.private. A row is overwritten when the receipt
 * moves forward, so only the newest one exists; `stream_pos` says when it
 * last changed (what /sync delivers), `event_stream_pos` where the event it
 * points at sits in the room (what "forward" and unread counts compare).
 */
import { batchedRead } from "../batched-reads.js";
import type { SqlExecutor } from "../database.js";

/** thread_id of an unthreaded receipt. */
export const UNTHREADED = "";

export type ReceiptRow = {
  roomId: string;
  receiptType: string;
  userId: string;
  /** UNTHREADED, "main" or a thread root's event ID. */
  threadId: string;
  eventId: string;
  eventStreamPos: number;
  ts: number;
  streamPos: number;
};

type Raw = {
  room_id: string;
  receipt_type: string;
  user_id: string;
  thread_id: string;
  event_id: string;
  event_stream_pos: number;
  ts: number;
  stream_pos: number;
};

const COLUMNS = "room_id, receipt_type, user_id, thread_id, event_id, event_stream_pos, ts, stream_pos";

function fromRaw(r: Raw): ReceiptRow {
  return {
    roomId: r.room_id,
    receiptType: r.receipt_type,
    userId: r.user_id,
    threadId: r.thread_id,
    eventId: r.event_id,
    eventStreamPos: r.event_stream_pos,
    ts: r.ts,
    streamPos: r.stream_pos,
  };
}

export const receiptsTable = {
  async get(q: SqlExecutor, roomId: string, receiptType: string, userId: string, threadId: string): Promise<ReceiptRow | null> {
    const [row] = await q.query<Raw>(
      `SELECT ${COLUMNS} FROM receipts WHERE room_id = $1 AND receipt_type = $2 AND user_id = $3 AND thread_id = $4`,
      [roomId, receiptType, userId, threadId],
    );
    return row ? fromRaw(row) : null;
  },

  /**
   * Stores the receipt unless the stored one points at the same or a later
   * event (a concurrent writer may have moved it since the caller looked).
   * True when the row was written. `streamPos` comes from
   * allocateStreamPositions in the same transaction.
   */
  async moveForward(q: SqlExecutor, row: ReceiptRow): Promise<boolean> {
    const written = await q.query(
      `INSERT INTO receipts (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (room_id, receipt_type, user_id, thread_id) DO UPDATE
         SET event_id = EXCLUDED.event_id, event_stream_pos = EXCLUDED.event_stream_pos, ts = EXCLUDED.ts, stream_pos = EXCLUDED.stream_pos
         WHERE receipts.event_stream_pos < EXCLUDED.event_stream_pos
       RETURNING room_id`,
      [row.roomId, row.receiptType, row.userId, row.threadId, row.eventId, row.eventStreamPos, row.ts, row.streamPos],
    );
    return written.length === 1;
  },

  /**
   * For /sync: per room, the receipts written with since < position ≤ upto
   * that `viewer` may see: everyone's public ones and the viewer's own
   * private ones. Oldest first. The syncs one receipt wakes ask together
   * and share one statement (batched-reads.ts).
   */
  async visibleChanges(
    q: SqlExecutor,
    viewer: string,
    ranges: ReadonlyArray<{ roomId: string; since: number }>,
    upto: number,
  ): Promise<ReceiptRow[]> {
    if (ranges.length === 0) return [];
    return visibleChangesBatch(q, { viewer, ranges, upto });
  },
};

type ChangesKey = { viewer: string; ranges: ReadonlyArray<{ roomId: string; since: number }>; upto: number };

const visibleChangesBatch = batchedRead<ChangesKey, ReceiptRow[]>(async (q, keys) => {
  const asked = keys.flatMap((key, k) => key.ranges.map((range) => ({ k, viewer: key.viewer, upto: key.upto, ...range })));
  const rows = await q.query<Raw & { k: number }>(
    `SELECT r.k, ${COLUMNS.split(", ").map((c) => `rc.${c}`).join(", ")}
     FROM unnest($1::int[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS r(k, viewer, room_id, since, upto)
     JOIN receipts rc ON rc.room_id = r.room_id AND rc.stream_pos > r.since AND rc.stream_pos <= r.upto
     WHERE rc.receipt_type = 'm.read' OR (rc.receipt_type = 'm.read.private' AND rc.user_id = r.viewer)
     ORDER BY r.k, rc.stream_pos, rc.user_id, rc.receipt_type, rc.thread_id`,
    [asked.map((a) => a.k), asked.map((a) => a.viewer), asked.map((a) => a.roomId), asked.map((a) => a.since), asked.map((a) => a.upto)],
    { prepare: true },
  );
  const byKey = keys.map((): ReceiptRow[] => []);
  for (const row of rows) (byKey[row.k] as ReceiptRow[]).push(fromRaw(row));
  return byKey;
});
