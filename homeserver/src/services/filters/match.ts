/**
 * One event filter (the spec's EventFilter / RoomEventFilter), compiled once
 * and applied two ways that must agree: in memory (state events, account
 * data) and as SQL (timelines, so a page holds `limit` matching events
 * instead of `limit` events minus the misses).
 *
 * Semantics (client-server API, "Filtering"): an absent list allows all, an
 * empty list allows none; `not_*` wins over the allow list; `*` in a type
 * matches any run of characters.
 */
import type { clientFilter } from "@ward/protocol";

type RoomEventFilter = clientFilter.RoomEventFilter;

export type EventMatcher = {
  readonly types: readonly string[] | undefined;
  readonly notTypes: readonly string[];
  readonly senders: readonly string[] | undefined;
  readonly notSenders: readonly string[];
  readonly rooms: readonly string[] | undefined;
  readonly notRooms: readonly string[];
  /** true: only events with content.url; false: only without; undefined: either. */
  readonly containsUrl: boolean | undefined;
};

export const MATCH_ALL: EventMatcher = {
  types: undefined,
  notTypes: [],
  senders: undefined,
  notSenders: [],
  rooms: undefined,
  notRooms: [],
  containsUrl: undefined,
};

export function compileEventFilter(filter: RoomEventFilter | undefined): EventMatcher {
  if (!filter) return MATCH_ALL;
  return {
    types: filter.types,
    notTypes: filter.not_types ?? [],
    senders: filter.senders,
    notSenders: filter.not_senders ?? [],
    rooms: filter.rooms,
    notRooms: filter.not_rooms ?? [],
    containsUrl: filter.contains_url,
  };
}

export function typeMatches(pattern: string, type: string): boolean {
  if (!pattern.includes("*")) return pattern === type;
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "s");
  return re.test(type);
}

export function allowsRoom(m: EventMatcher, roomId: string): boolean {
  if (m.notRooms.includes(roomId)) return false;
  return m.rooms === undefined || m.rooms.includes(roomId);
}

/** Type and sender only: what SQL can check too. */
export function matchesEvent(m: EventMatcher, event: { type: string; sender?: string }): boolean {
  if (m.notTypes.some((p) => typeMatches(p, event.type))) return false;
  if (m.types !== undefined && !m.types.some((p) => typeMatches(p, event.type))) return false;
  if (event.sender === undefined) return true;
  if (m.notSenders.includes(event.sender)) return false;
  return m.senders === undefined || m.senders.includes(event.sender);
}

/** contains_url needs the content, which SQL cannot read (it becomes ciphertext): checked after decoding. */
export function matchesContent(m: EventMatcher, content: Record<string, unknown>): boolean {
  if (m.containsUrl === undefined) return true;
  return (typeof content.url === "string") === m.containsUrl;
}

/**
 * The type/sender part as an SQL condition over the events table's `type`
 * and `sender` columns, with parameters numbered from `firstParam`.
 */
export function eventFilterSql(m: EventMatcher, firstParam: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  if (m.types !== undefined) parts.push(`type LIKE ANY(${param(m.types.map(likePattern))}::text[])`);
  if (m.notTypes.length > 0) parts.push(`NOT (type LIKE ANY(${param(m.notTypes.map(likePattern))}::text[]))`);
  if (m.senders !== undefined) parts.push(`sender = ANY(${param(m.senders)}::text[])`);
  if (m.notSenders.length > 0) parts.push(`sender <> ALL(${param(m.notSenders)}::text[])`);
  return { sql: parts.length === 0 ? "TRUE" : parts.join(" AND "), params };
}

/** A filter type pattern as a LIKE pattern: `*` → `%`, LIKE's own metacharacters escaped. */
export function likePattern(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, "%");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
