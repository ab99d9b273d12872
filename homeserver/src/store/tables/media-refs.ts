/**
 * Table media_refs (migration 011): which events refer to which file of
 * this server. Written when an event is stored (services/media/references.ts
 * from services/rooms/persist.ts); read by the access rule, joined with
 * events for each referring event's room, position and redaction.
 */
import type { SqlExecutor } from "../database.js";

export type MediaRef = { mediaId: string; eventId: string; roomId: string };

/** A referring event as the access rule needs it. */
export type ReferringEvent = { eventId: string; roomId: string; streamPos: number; type: string; stateKey: string | null };

/** How many referring events one access check looks at, newest first: bounds the work a much-forwarded file costs. */
export const MAX_REFS_CHECKED = 200;

export const mediaRefsTable = {
  async insert(q: SqlExecutor, ref: MediaRef): Promise<void> {
    await q.query("INSERT INTO media_refs (media_id, event_id, room_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [ref.mediaId, ref.eventId, ref.roomId]);
  },

  /** Events referring to the file that still carry their content (a redacted event no longer refers to anything), newest first. */
  async referringEvents(q: SqlExecutor, mediaId: string, limit = MAX_REFS_CHECKED): Promise<ReferringEvent[]> {
    const rows = await q.query<{ event_id: string; room_id: string; stream_pos: number; type: string; state_key: string | null }>(
      `SELECT e.event_id, e.room_id, e.stream_pos, e.type, e.state_key FROM media_refs r JOIN events e ON e.event_id = r.event_id
       WHERE r.media_id = $1 AND e.redacted_by IS NULL ORDER BY e.stream_pos DESC LIMIT $2`,
      [mediaId, limit],
    );
    return rows.map((r) => ({ eventId: r.event_id, roomId: r.room_id, streamPos: r.stream_pos, type: r.type, stateKey: r.state_key }));
  },
};
