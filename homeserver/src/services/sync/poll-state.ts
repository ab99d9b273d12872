/**
 * What a /sync long-poll checks before it waits: the stream head, and the
 * rooms whose changes must wake it (the user's joined and invited rooms),
 * read in ONE statement so both describe the same moment.
 *
 * The listener must be registered BEFORE the head is read (notifier.ts), but
 * which rooms to listen to is only known from the read. So the poll listens
 * to the rooms it last knew for the user (UserRoomsGuess), reads both, and
 * only when the rooms turned out different listens again and reads again:
 * one statement per /sync request in the usual case, two when the user's
 * rooms changed or this process has not seen the user yet; and requests
 * arriving together share that one statement.
 */
import { LruMap } from "../../lru-map.js";
import { batchedRead } from "../../store/batched-reads.js";

export type PollState = { position: number; roomIds: ReadonlySet<string> };

/** One statement for all the /sync requests that poll together (store/batched-reads.ts). */
export const pollState = batchedRead<string, PollState>(async (q, userIds) => {
  const rows = await q.query<{ position: number | null; room_ids: string[] }>(
    `SELECT (SELECT position FROM stream_head WHERE id = 1) AS position,
            ARRAY(SELECT room_id FROM current_state
                  WHERE type = 'm.room.member' AND state_key = u.user_id AND membership IN ('join', 'invite')
                  ORDER BY room_id) AS room_ids
     FROM unnest($1::text[]) WITH ORDINALITY AS u(user_id, i)
     ORDER BY u.i`,
    [userIds],
    { prepare: true },
  );
  return rows.map((row) => {
    if (row.position === null) throw new Error("stream_head has no row: the schema is not migrated");
    return { position: row.position, roomIds: new Set(row.room_ids) };
  });
}, { window: "turn" }); // new requests arrive on their own sockets: gather those of one turn

/** The rooms each user's last poll found, per process and bounded: only ever a guess, checked by the next read. */
export class UserRoomsGuess {
  private readonly rooms = new LruMap<string, ReadonlySet<string>>(10_000);

  get(userId: string): ReadonlySet<string> {
    return this.rooms.get(userId) ?? new Set();
  }

  set(userId: string, roomIds: ReadonlySet<string>): void {
    this.rooms.set(userId, roomIds);
  }
}

export function sameRooms(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const roomId of a) if (!b.has(roomId)) return false;
  return true;
}
