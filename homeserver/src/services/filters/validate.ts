/**
 * What the spec's Filter schema says beyond JSON shapes (the shapes are
 * checked by the zod schemas in @ward/protocol): limits are integers greater
 * than 0, room IDs start with "!", user IDs with "@". Returns the first
 * problem as a message naming the field, or undefined when the filter is good.
 */
import { clientFilter } from "@ward/protocol";

type EventFilter = clientFilter.EventFilter;
type RoomEventFilter = clientFilter.RoomEventFilter;
type FilterDefinition = clientFilter.FilterDefinition;

export function filterProblem(filter: FilterDefinition): string | undefined {
  return (
    eventFilterProblem(filter.presence, "presence") ??
    eventFilterProblem(filter.account_data, "account_data") ??
    idsProblem(filter.room?.rooms, "!", "room.rooms") ??
    idsProblem(filter.room?.not_rooms, "!", "room.not_rooms") ??
    eventFilterProblem(filter.room?.timeline, "room.timeline") ??
    eventFilterProblem(filter.room?.state, "room.state") ??
    eventFilterProblem(filter.room?.ephemeral, "room.ephemeral") ??
    eventFilterProblem(filter.room?.account_data, "room.account_data")
  );
}

export function eventFilterProblem(filter: EventFilter | RoomEventFilter | undefined, field: string): string | undefined {
  if (!filter) return undefined;
  if (filter.limit !== undefined && filter.limit < 1) return `${field}.limit must be an integer greater than 0`;
  const room = filter as RoomEventFilter;
  return (
    idsProblem(filter.senders, "@", `${field}.senders`) ??
    idsProblem(filter.not_senders, "@", `${field}.not_senders`) ??
    idsProblem(room.rooms, "!", `${field}.rooms`) ??
    idsProblem(room.not_rooms, "!", `${field}.not_rooms`)
  );
}

function idsProblem(ids: readonly string[] | undefined, sigil: "!" | "@", field: string): string | undefined {
  const bad = ids?.findIndex((id) => !id.startsWith(sigil)) ?? -1;
  if (bad === -1) return undefined;
  return `${field}[${bad}] must be ${sigil === "!" ? "a room ID (starting with '!')" : "a user ID (starting with '@')"}`;
}

/**
 * Parses a filter given as JSON text (the /sync `filter` parameter when it
 * starts with "{"); a problem is returned as a message, not thrown, so each
 * caller picks its error code.
 */
export function parseFilterJson(text: string): { filter: FilterDefinition } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: "filter is not valid JSON" };
  }
  const parsed = clientFilter.filterDefinition.safeParse(value);
  if (!parsed.success) return { problem: `filter does not match the Filter schema: ${describeIssue(parsed.error.issues[0])}` };
  const problem = filterProblem(parsed.data);
  return problem ? { problem } : { filter: parsed.data };
}

/** The same for a RoomEventFilter (the /messages and /context `filter` parameter). */
export function parseRoomEventFilterJson(text: string): { filter: RoomEventFilter } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: "filter is not valid JSON" };
  }
  const parsed = clientFilter.roomEventFilter.safeParse(value);
  if (!parsed.success) return { problem: `filter does not match the RoomEventFilter schema: ${describeIssue(parsed.error.issues[0])}` };
  const problem = eventFilterProblem(parsed.data, "filter");
  return problem ? { problem } : { filter: parsed.data };
}

function describeIssue(issue: { path: readonly PropertyKey[]; message: string } | undefined): string {
  if (!issue) return "invalid";
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
