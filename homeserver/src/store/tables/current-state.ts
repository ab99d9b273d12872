/**
 * Table current_state: the room's state now, one event per (type,
 * state_key). Membership is copied out of the opaque PDU so "rooms where
 * user X is joined" and "members of room R" are index lookups.
 */
import type { SqlExecutor } from "../database.js";

export type CurrentStateRow = {
  roomId: string;
  type: string;
  stateKey: string;
  eventId: string;
  /** content.membership for m.room.member rows, else null. */
  membership: string | null;
  streamPos: number;
};

export type UserRoomMembership = { roomId: string; membership: string; eventId: string; streamPos: number };

type Raw = { room_id: string; type: string; state_key: string; event_id: string; membership: string | null; stream_pos: number };

const COLUMNS = "room_id, type, state_key, event_id, membership, stream_pos";

function fromRaw(r: Raw): CurrentStateRow {
  return { roomId: r.room_id, type: r.type, stateKey: r.state_key, eventId: r.event_id, membership: r.membership, streamPos: r.stream_pos };
}

export const currentStateTable = {
  async upsert(q: SqlExecutor, row: CurrentStateRow): Promise<void> {
    await q.query(
      `INSERT INTO current_state (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (room_id, type, state_key) DO UPDATE SET
         event_id = EXCLUDED.event_id, membership = EXCLUDED.membership, stream_pos = EXCLUDED.stream_pos`,
      [row.roomId, row.type, row.stateKey, row.eventId, row.membership, row.streamPos],
    );
  },

  async get(q: SqlExecutor, roomId: string, type: string, stateKey: string): Promise<CurrentStateRow | null> {
    const [row] = await q.query<Raw>(
      `SELECT ${COLUMNS} FROM current_state WHERE room_id = $1 AND type = $2 AND state_key = $3`,
      [roomId, type, stateKey],
    );
    return row ? fromRaw(row) : null;
  },

  async listForRoom(q: SqlExecutor, roomId: string): Promise<CurrentStateRow[]> {
    const rows = await q.query<Raw>(`SELECT ${COLUMNS} FROM current_state WHERE room_id = $1 ORDER BY type, state_key`, [roomId]);
    return rows.map(fromRaw);
  },

  /** The rooms where the user's current membership is one of `memberships` (e.g. ["join"], ["invite"]). */
  async roomsForUser(q: SqlExecutor, userId: string, memberships: readonly string[]): Promise<UserRoomMembership[]> {
    const rows = await q.query<{ room_id: string; membership: string; event_id: string; stream_pos: number }>(
      `SELECT room_id, membership, event_id, stream_pos FROM current_state
       WHERE type = 'm.room.member' AND state_key = $1 AND membership = ANY($2::text[])
       ORDER BY room_id`,
      [userId, memberships],
      { prepare: true },
    );
    return rows.map((r) => ({ roomId: r.room_id, membership: r.membership, eventId: r.event_id, streamPos: r.stream_pos }));
  },

  async joinedMembers(q: SqlExecutor, roomId: string): Promise<string[]> {
    const rows = await q.query<{ state_key: string }>(
      `SELECT state_key FROM current_state
       WHERE room_id = $1 AND type = 'm.room.member' AND membership = 'join' ORDER BY state_key`,
      [roomId],
    );
    return rows.map((r) => r.state_key);
  },

  /** Member count per membership value, e.g. { join: 3, invite: 1 } (for room summaries). */
  async memberCounts(q: SqlExecutor, roomId: string): Promise<Record<string, number>> {
    const rows = await q.query<{ membership: string; n: number }>(
      `SELECT membership, count(*) AS n FROM current_state
       WHERE room_id = $1 AND type = 'm.room.member' GROUP BY membership`,
      [roomId],
    );
    return Object.fromEntries(rows.map((r) => [r.membership, r.n]));
  },
};
