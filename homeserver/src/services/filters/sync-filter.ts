/**
 * A /sync filter compiled for use: defaults filled in, each part a matcher.
 *
 * Accepted and applied: room.rooms / not_rooms, include_leave, timeline
 * (limit, types, not_types, senders, not_senders, rooms, not_rooms,
 * contains_url), state (the same, plus lazy_load_members), room
 * account_data, global account_data, ephemeral and presence (there are no
 * such events yet, so nothing to filter).
 * Accepted and ignored: event_fields and event_format (events are always
 * complete and in client format), include_redundant_members (Ward always
 * sends the members it decides to send, which the spec allows),
 * unread_thread_notifications (no per-thread counts yet), state.limit.
 */
import type { clientFilter } from "@ward/protocol";
import { compileEventFilter, MATCH_ALL, type EventMatcher } from "./match.js";

/** Timeline events per room when the filter sets no limit (as Synapse). */
export const DEFAULT_TIMELINE_LIMIT = 10;
/** A filter may ask for more, up to this: the work per room stays bounded. */
export const MAX_TIMELINE_LIMIT = 100;

export type SyncFilter = {
  /** room.rooms / room.not_rooms: which rooms appear at all. */
  readonly rooms: EventMatcher;
  readonly includeLeave: boolean;
  readonly timeline: EventMatcher;
  readonly timelineLimit: number;
  readonly state: EventMatcher;
  readonly lazyLoadMembers: boolean;
  readonly ephemeral: EventMatcher;
  readonly roomAccountData: EventMatcher;
  readonly accountData: EventMatcher;
  readonly presence: EventMatcher;
};

export const DEFAULT_SYNC_FILTER: SyncFilter = compileSyncFilter({});

export function compileSyncFilter(def: clientFilter.FilterDefinition): SyncFilter {
  const room = def.room ?? {};
  const limit = room.timeline?.limit ?? DEFAULT_TIMELINE_LIMIT;
  return {
    rooms: { ...MATCH_ALL, rooms: room.rooms, notRooms: room.not_rooms ?? [] },
    includeLeave: room.include_leave === true,
    timeline: compileEventFilter(room.timeline),
    timelineLimit: Math.min(Math.max(1, limit), MAX_TIMELINE_LIMIT),
    state: compileEventFilter(room.state),
    lazyLoadMembers: room.state?.lazy_load_members === true,
    ephemeral: compileEventFilter(room.ephemeral),
    roomAccountData: compileEventFilter(room.account_data),
    accountData: compileEventFilter(def.account_data),
    presence: compileEventFilter(def.presence),
  };
}
