/**
 * Table events: every PDU this server holds, in stream order. The PDU JSON
 * is sealed (`sealed_pdu`, under data key `key_id`; rows from before
 * encryption at rest hold plaintext `pdu` until re-encrypted) and opaque
 * here: services/rooms/stored-events.ts `pduOf` opens it. Whatever a query
 * needs is a column beside it.
 *
 * Position bounds follow stream tokens: a token T means "positions ≤ T are
 * behind it". Going backwards from T returns positions ≤ T; going forwards
 * returns positions > T.
 */
import type { Sealed, StoredBody } from "../../crypto/at-rest.js";
import type { SqlExecutor } from "../database.js";

export type EventRow = {
  eventId: string;
  streamPos: number;
  roomId: string;
  type: string;
  stateKey: string | null;
  sender: string;
  originServerTs: number;
  depth: number;
  /** content.membership for m.room.member events, else null. */
  membership: string | null;
  /** The PDU as stored: read it with pduOf. */
  pdu: StoredBody;
  redactedBy: string | null;
};

/** New rows are always sealed (stored-events.ts `sealedPdu`). */
export type NewEvent = Omit<EventRow, "redactedBy" | "pdu"> & { pdu: Sealed };

export type TimelinePage = {
  /** "b": newest first, positions ≤ from and > to. "f": oldest first, positions > from and ≤ to. */
  dir: "b" | "f";
  from: number;
  to?: number;
  limit: number;
  /** Only these event types (e.g. from a filter). */
  types?: readonly string[];
};

/** An events row as the drivers return it; `eventRowsOf` maps it. Exported for queries that compose filters (services/sync/queries.ts). */
export type EventRaw = {
  event_id: string;
  stream_pos: number;
  room_id: string;
  type: string;
  state_key: string | null;
  sender: string;
  origin_server_ts: number;
  depth: number;
  membership: string | null;
  pdu: string | null;
  sealed_pdu: Uint8Array | null;
  key_id: string | null;
  redacted_by: string | null;
};

export const EVENT_COLUMNS = "event_id, stream_pos, room_id, type, state_key, sender, origin_server_ts, depth, membership, pdu, sealed_pdu, key_id, redacted_by";

/** Maps rows after making sure the at-rest cipher holds every data key they were sealed under. */
export async function eventRowsOf(q: SqlExecutor, rows: readonly EventRaw[]): Promise<EventRow[]> {
  await q.atRest.knowKeys(q, rows.map((r) => r.key_id));
  return rows.map(eventRowOf);
}

/** Synchronous: only for rows whose keys `knowKeys` has seen (eventRowsOf does both). */
export function eventRowOf(r: EventRaw): EventRow {
  return {
    eventId: r.event_id,
    streamPos: r.stream_pos,
    roomId: r.room_id,
    type: r.type,
    stateKey: r.state_key,
    sender: r.sender,
    originServerTs: r.origin_server_ts,
    depth: r.depth,
    membership: r.membership,
    pdu: { keyId: r.key_id, sealed: r.sealed_pdu, plain: r.pdu },
    redactedBy: r.redacted_by,
  };
}

export const eventsTable = {
  /** `streamPos` comes from allocateStreamPositions in the same transaction. */
  async insert(q: SqlExecutor, event: NewEvent): Promise<void> {
    await q.query(
      `INSERT INTO events (${EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10, $11, NULL)`,
      [event.eventId, event.streamPos, event.roomId, event.type, event.stateKey, event.sender, event.originServerTs,
        event.depth, event.membership, event.pdu.sealed, event.pdu.keyId],
    );
  },

  async get(q: SqlExecutor, eventId: string): Promise<EventRow | null> {
    const rows = await q.query<EventRaw>(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = $1`, [eventId]);
    return (await eventRowsOf(q, rows))[0] ?? null;
  },

  /** The events found, by ID; missing IDs are simply absent from the map. */
  async getMany(q: SqlExecutor, eventIds: readonly string[]): Promise<Map<string, EventRow>> {
    if (eventIds.length === 0) return new Map();
    const rows = await q.query<EventRaw>(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ANY($1::text[])`, [eventIds]);
    return new Map((await eventRowsOf(q, rows)).map((r) => [r.eventId, r]));
  },

  async setRedactedBy(q: SqlExecutor, eventId: string, redactedBy: string): Promise<boolean> {
    const rows = await q.query("UPDATE events SET redacted_by = $2 WHERE event_id = $1 RETURNING event_id", [eventId, redactedBy]);
    return rows.length === 1;
  },

  /** One page of a room's timeline (/messages, /context). */
  async timeline(q: SqlExecutor, roomId: string, page: TimelinePage): Promise<EventRow[]> {
    const backwards = page.dir === "b";
    const rows = await q.query<EventRaw>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE room_id = $1
         AND ${backwards ? "stream_pos <= $2 AND ($3::bigint IS NULL OR stream_pos > $3)" : "stream_pos > $2 AND ($3::bigint IS NULL OR stream_pos <= $3)"}
         AND ($5::text[] IS NULL OR type = ANY($5::text[]))
       ORDER BY stream_pos ${backwards ? "DESC" : "ASC"}
       LIMIT $4`,
      [roomId, page.from, page.to ?? null, page.limit, page.types ?? null],
    );
    return eventRowsOf(q, rows);
  },

  /**
   * For /sync: per room, the last `limit` events with since < position ≤ upto,
   * newest first, and whether older ones in that range were left out
   * (`limited`). One index range scan per room (LATERAL … LIMIT), however
   * long the rooms' histories. Rooms without events in range are absent.
   */
  async recentInRooms(
    q: SqlExecutor,
    range: { roomIds: readonly string[]; since: number; upto: number; limit: number; types?: readonly string[] },
  ): Promise<Map<string, { events: EventRow[]; limited: boolean }>> {
    const result = new Map<string, { events: EventRow[]; limited: boolean }>();
    if (range.roomIds.length === 0) return result;
    const rows = await q.query<EventRaw>(
      `SELECT e.* FROM unnest($1::text[]) AS r(room_id)
       CROSS JOIN LATERAL (
         SELECT ${EVENT_COLUMNS} FROM events
         WHERE events.room_id = r.room_id AND stream_pos > $2 AND stream_pos <= $3
           AND ($5::text[] IS NULL OR type = ANY($5::text[]))
         ORDER BY stream_pos DESC
         LIMIT $4
       ) e
       ORDER BY e.room_id, e.stream_pos DESC`,
      [range.roomIds, range.since, range.upto, range.limit + 1, range.types ?? null],
    );
    await q.atRest.knowKeys(q, rows.map((r) => r.key_id));
    for (const raw of rows) {
      let entry = result.get(raw.room_id);
      if (!entry) result.set(raw.room_id, (entry = { events: [], limited: false }));
      // The one extra row fetched only tells that the range holds more than `limit`.
      if (entry.events.length < range.limit) entry.events.push(eventRowOf(raw));
      else entry.limited = true;
    }
    return result;
  },

  /** The user's membership in the room as of position `at` (latest m.room.member at or before it). */
  async membershipAt(
    q: SqlExecutor,
    roomId: string,
    userId: string,
    at: number,
  ): Promise<{ membership: string; eventId: string; streamPos: number } | null> {
    const [row] = await q.query<{ membership: string; event_id: string; stream_pos: number }>(
      `SELECT membership, event_id, stream_pos FROM events
       WHERE room_id = $1 AND type = 'm.room.member' AND state_key = $2 AND stream_pos <= $3
       ORDER BY stream_pos DESC LIMIT 1`,
      [roomId, userId, at],
    );
    return row ? { membership: row.membership, eventId: row.event_id, streamPos: row.stream_pos } : null;
  },

  /**
   * The room's state as of position `at`: per (type, state_key) the latest
   * state event at or before it, optionally only some types (history
   * visibility needs m.room.history_visibility, not every member).
   */
  async stateAt(q: SqlExecutor, roomId: string, at: number, types?: readonly string[]): Promise<EventRow[]> {
    const rows = await q.query<EventRaw>(
      `SELECT DISTINCT ON (type, state_key) ${EVENT_COLUMNS} FROM events
       WHERE room_id = $1 AND state_key IS NOT NULL AND stream_pos <= $2
         AND ($3::text[] IS NULL OR type = ANY($3::text[]))
       ORDER BY type, state_key, stream_pos DESC`,
      [roomId, at, types ?? null],
    );
    return eventRowsOf(q, rows);
  },

  /** For re-encryption: rows after position `after` not sealed under `keyId` (plaintext rows too), oldest first. */
  async notSealedUnder(q: SqlExecutor, keyId: string, after: number, limit: number): Promise<EventRow[]> {
    const rows = await q.query<EventRaw>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_pos > $2 AND key_id IS DISTINCT FROM $1 ORDER BY stream_pos LIMIT $3`,
      [keyId, after, limit],
    );
    return eventRowsOf(q, rows);
  },

  /** Stores a re-sealed PDU unless the row changed key meanwhile (a concurrent re-encryption). */
  async reseal(q: SqlExecutor, eventId: string, fromKeyId: string | null, to: Sealed): Promise<boolean> {
    const rows = await q.query(
      `UPDATE events SET pdu = NULL, sealed_pdu = $3, key_id = $4
       WHERE event_id = $1 AND key_id IS NOT DISTINCT FROM $2 RETURNING event_id`,
      [eventId, fromKeyId, to.sealed, to.keyId],
    );
    return rows.length === 1;
  },

  /** Rows per data key; null: plaintext from before encryption at rest. A full scan, for the at-rest CLI. */
  async countByKey(q: SqlExecutor): Promise<Map<string | null, number>> {
    const rows = await q.query<{ key_id: string | null; n: number }>("SELECT key_id, count(*)::int8 AS n FROM events GROUP BY key_id");
    return new Map(rows.map((r) => [r.key_id, r.n]));
  },
};
