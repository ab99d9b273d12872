/**
 * Which thread an event belongs to (client-server API, "Threading"): the
 * root's event ID for an event with an m.thread relation, MAIN_THREAD for
 * everything else, thread roots included.
 */
import type { SqlExecutor } from "../../store/database.js";
import { eventsTable, type EventRow } from "../../store/tables/events.js";
import { pduOf } from "../rooms/stored-events.js";

export const MAIN_THREAD = "main";

/** The spec's advice for following relations towards a thread: at most three hops. */
const MAX_HOPS = 3;

type Relation = { relType: string | undefined; eventId: string };

function relationOf(content: Record<string, unknown>): Relation | undefined {
  const relation = content["m.relates_to"];
  if (typeof relation !== "object" || relation === null || Array.isArray(relation)) return undefined;
  const { rel_type: relType, event_id: eventId } = relation as { rel_type?: unknown; event_id?: unknown };
  if (typeof eventId !== "string") return undefined;
  return { relType: typeof relType === "string" ? relType : undefined, eventId };
}

/**
 * The thread from the event's own relation only. This is what push actions
 * record (the event writer has no time for lookups): a reaction or an edit
 * of a threaded message counts in the main timeline.
 */
export function directThreadOf(content: Record<string, unknown>): string {
  const relation = relationOf(content);
  return relation?.relType === "m.thread" ? relation.eventId : MAIN_THREAD;
}

/**
 * The thread, following non-thread relations (a reaction to a threaded
 * message is in that thread) up to MAX_HOPS through events of the same room.
 * Used to check that a threaded receipt names its event's thread.
 */
export async function threadOf(q: SqlExecutor, event: EventRow): Promise<string> {
  let current = event;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const relation = relationOf(pduOf(q, current).content);
    if (!relation) return MAIN_THREAD;
    if (relation.relType === "m.thread") return relation.eventId;
    if (hop === MAX_HOPS) break;
    const parent = await eventsTable.get(q, relation.eventId);
    if (!parent || parent.roomId !== event.roomId) break;
    current = parent;
  }
  return MAIN_THREAD;
}
