/**
 * What a local event needs from its room, read under the room lock in ONE
 * statement (it was four round trips, each a socket write and a wait):
 *   - the event an earlier request with the same transaction ID created;
 *   - the current state the event needs, as IDs and redaction marks (the
 *     bodies come from the decoded-events cache, stored-events.ts): the
 *     given (type, state_key) tuples and every joined member;
 *   - the forward extremities with their depth (prev_events and depth);
 *   - the stored push rules of every joined member (push.ts evaluates
 *     them for each recipient).
 * All four read the same snapshot, taken after the lock was granted (the
 * lock is its own statement: a snapshot taken before it could miss the
 * previous writer's commit).
 */
import type { StateTuple } from "@ward/protocol";
import type { Transaction } from "../../store/database.js";
import { STATE_HEADS_SQL } from "./stored-events.js";
import type { TxnRef } from "./event-writer.js";

export type StateHead = { eventId: string; redactedBy: string | null };

export type HeadRead = {
  /** The event of an earlier request with this transaction ID, if any. */
  previousEventId: string | null;
  state: StateHead[];
  extremities: { eventIds: string[]; depth: number };
  /** Stored rules (JSON) of the joined members that have any; the others use the defaults. */
  joinedPushRules: JoinedPushRules;
};

/** The stored push rules of a room's joined members, as read with its state. */
export type JoinedPushRules = { readonly members: ReadonlySet<string>; readonly stored: ReadonlyMap<string, string> };

const QUERY = /* sql */ `
SELECT 'txn' AS part, event_id AS a, NULL::text AS b, NULL::bigint AS n
  FROM txn_ids WHERE user_id = $5 AND device_id = $6 AND txn_id = $7
UNION ALL
SELECT 'state', h.event_id, h.redacted_by, NULL FROM (${STATE_HEADS_SQL}) h
UNION ALL
SELECT 'extremity', x.event_id, NULL, e.depth
  FROM room_extremities x LEFT JOIN events e ON e.event_id = x.event_id
  WHERE x.room_id = $1
UNION ALL
SELECT 'member', cs.state_key, pr.rules_json, NULL
  FROM current_state cs LEFT JOIN push_rules pr ON pr.user_id = cs.state_key
  WHERE cs.room_id = $1 AND cs.type = 'm.room.member' AND cs.membership = 'join'`;

type Raw = { part: "txn" | "state" | "extremity" | "member"; a: string; b: string | null; n: number | null };

export async function readRoomHead(tx: Transaction, roomId: string, tuples: readonly StateTuple[], txn: TxnRef | undefined): Promise<HeadRead> {
  const rows = await tx.query<Raw>(
    QUERY,
    [roomId, tuples.map((t) => t[0]), tuples.map((t) => t[1]), true, txn?.userId ?? null, txn?.deviceId ?? null, txn?.key ?? null],
    { prepare: true },
  );
  let previousEventId: string | null = null;
  const state: StateHead[] = [];
  const extremities: string[] = [];
  let depth = 0;
  const members = new Set<string>();
  const stored = new Map<string, string>();
  for (const row of rows) {
    if (row.part === "txn") previousEventId = row.a;
    else if (row.part === "state") state.push({ eventId: row.a, redactedBy: row.b });
    else if (row.part === "extremity") {
      extremities.push(row.a);
      depth = Math.max(depth, row.n ?? 0);
    } else {
      members.add(row.a);
      if (row.b !== null) stored.set(row.a, row.b);
    }
  }
  // prev_events in a stable order, whatever order the rows came in.
  return { previousEventId, state, extremities: { eventIds: extremities.sort(), depth }, joinedPushRules: { members, stored } };
}
