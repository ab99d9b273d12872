/**
 * Finding the one-to-one conversation of two people, and keeping it one.
 *
 * Lookup: rooms flagged is_direct where both have a member event and nobody
 * else has (a direct conversation's members never change, so two member
 * events means two members), confirmed by the marker in the create event.
 * The oldest wins if history left more than one (one-to-ones created with
 * POST /createRoom are not deduplicated: a client asked for a new room).
 *
 * Race: openDirect creates the room with guardOneToOne in the room's creating
 * transaction. It takes an advisory lock on the sorted pair and looks again,
 * this room excluded; if another one-to-one committed meanwhile, it throws
 * ExistingOneToOne, the new room is rolled back, and the caller answers with
 * the other one. Lock order: the creating transaction holds the room lock and
 * stream positions before this lock, and nothing takes them after it.
 */
import type { SqlExecutor, Transaction } from "../../store/database.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import { eventsTable } from "../../store/tables/events.js";
import { pduOf } from "../rooms/stored-events.js";
import { messengerKindOf } from "./marker.js";

/** Thrown in a creating transaction to roll it back: the pair already has this one-to-one. */
export class ExistingOneToOne extends Error {
  override readonly name = "ExistingOneToOne";
  constructor(readonly roomId: string) {
    super(`a one-to-one conversation exists already: ${roomId}`);
  }
}

const pairKey = (a: string, b: string) => [a, b].sort().join(" ");

async function isOneToOneOf(q: SqlExecutor, roomId: string, pair: readonly string[]): Promise<boolean> {
  const create = await currentStateTable.get(q, roomId, "m.room.create", "");
  const row = create ? await eventsTable.get(q, create.eventId) : null;
  if (!row) return false;
  const kind = messengerKindOf(pduOf(q, row).content);
  return kind.kind === "direct" && kind.members.length === 2 && pair.every((id) => kind.members.includes(id));
}

/** The pair's one-to-one conversation (the oldest), other than `except`; null when there is none. */
export async function findOneToOne(q: SqlExecutor, a: string, b: string, except?: string): Promise<string | null> {
  const candidates = await q.query<{ room_id: string }>(
    `SELECT r.room_id FROM rooms r
     JOIN current_state ma ON ma.room_id = r.room_id AND ma.type = 'm.room.member' AND ma.state_key = $1
     JOIN current_state mb ON mb.room_id = r.room_id AND mb.type = 'm.room.member' AND mb.state_key = $2
     WHERE r.is_direct AND r.room_id <> $3
       AND (SELECT count(*) FROM current_state m WHERE m.room_id = r.room_id AND m.type = 'm.room.member') = 2
     ORDER BY r.created_ts, r.room_id`,
    [a, b, except ?? ""],
  );
  for (const { room_id } of candidates) if (await isOneToOneOf(q, room_id, [a, b])) return room_id;
  return null;
}

/** For the creating transaction of a one-to-one: throws ExistingOneToOne when the pair has one already. */
export async function guardOneToOne(tx: Transaction, roomId: string, a: string, b: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':one-to-one:' || $1, 0))", [pairKey(a, b)]);
  const existing = await findOneToOne(tx, a, b, roomId);
  if (existing !== null) throw new ExistingOneToOne(existing);
}
