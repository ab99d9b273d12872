/**
 * Reading a room's past: /messages (pagination with stream tokens, the same
 * tokens /sync hands out as prev_batch and next_batch) and /context (the
 * events around one event).
 *
 * Who may read: rooms/access.ts (roomAccessOf). A user who was never in a
 * private room gets the 404 of a room that does not exist, so room IDs
 * cannot be probed. Each event is then checked against history
 * visibility. A user who left or was banned reads nothing after that
 * membership change: their pages stop there.
 */
import type { clientMessages } from "@ward/protocol";
import type { Session } from "../../http/auth.js";
import { notFound } from "../../http/matrix-error.js";
import { currentStreamPosition } from "../../store/stream.js";
import { eventsTable, type EventRow } from "../../store/tables/events.js";
import type { ServiceContext } from "../context.js";
import type { FilterService, RoomEventQueryFilter } from "../filters/filter-service.js";
import { allowsRoom, matchesContent } from "../filters/match.js";
import { pduOf } from "../rooms/stored-events.js";
import { roomAccessOf } from "../rooms/access.js";
import { filterVisibleEvents } from "../rooms/visibility.js";
import { EventFormatter } from "./client-events.js";
import { membersAt, pageMatching } from "./queries.js";
import { formatStreamToken, parseStreamToken } from "./tokens.js";

type MessagesResponse = clientMessages.MessagesResponse;
type ContextResponse = clientMessages.ContextResponse;

export const DEFAULT_PAGE_LIMIT = 10;
export const MAX_PAGE_LIMIT = 1000;

export type MessagesQuery = { dir: "b" | "f"; from?: string | undefined; to?: string | undefined; limit?: number | undefined; filter?: string | undefined };
export type ContextQuery = { limit?: number | undefined; filter?: string | undefined };

export interface RoomHistory {
  messages(session: Session, roomId: string, query: MessagesQuery): Promise<MessagesResponse>;
  context(session: Session, roomId: string, eventId: string, query: ContextQuery): Promise<ContextResponse>;
}

export function createRoomHistory(ctx: Pick<ServiceContext, "db" | "clock">, deps: { filters: FilterService }): RoomHistory {
  const { db } = ctx;

  /** The position after which the user reads nothing (their leave or ban), or the head; the room endpoints' access rule (rooms/access.ts). */
  async function readableUpTo(userId: string, roomId: string): Promise<number> {
    const access = await roomAccessOf(db, userId, roomId);
    const head = await currentStreamPosition(db);
    return access.at === null ? head : Math.min(access.at, head);
  }

  async function visibleOf(userId: string, roomId: string, rows: EventRow[], filter: RoomEventQueryFilter): Promise<EventRow[]> {
    const visible = await filterVisibleEvents(db, userId, roomId, rows);
    return rows.filter((e) => visible.has(e.eventId) && (filter.matcher.containsUrl === undefined || matchesContent(filter.matcher, pduOf(db, e).content)));
  }

  const formatterFor = (session: Session) => new EventFormatter(db, { viewer: { userId: session.userId, deviceId: session.deviceId }, now: ctx.clock() });

  return {
    async messages(session, roomId, query) {
      const filter = deps.filters.forRoomEvents(query.filter);
      const from = query.from === undefined ? undefined : parseStreamToken(query.from, "from");
      const to = query.to === undefined ? undefined : parseStreamToken(query.to, "to");
      const cap = await readableUpTo(session.userId, roomId);
      const limit = Math.min(query.limit ?? filter.limit ?? DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
      const backwards = query.dir === "b";
      const fromPos = backwards ? Math.min(from ?? cap, cap) : (from ?? 0);
      const start = query.from ?? formatStreamToken(fromPos);
      if (!allowsRoom(filter.matcher, roomId)) return { start, chunk: [] };
      if (limit === 0) return { start, end: start, chunk: [] };
      const rows = backwards
        ? await pageMatching(db, roomId, { dir: "b", from: fromPos, to, limit, matcher: filter.matcher })
        : await pageMatching(db, roomId, { dir: "f", from: fromPos, to: Math.min(to ?? cap, cap), limit, matcher: filter.matcher });
      const shown = await visibleOf(session.userId, roomId, rows, filter);
      const formatter = formatterFor(session);
      const response: MessagesResponse = { start, chunk: await formatter.withRoomId(shown) };
      const last = rows[rows.length - 1];
      // A short page means the range is exhausted: no `end`, so the client stops.
      if (last && rows.length === limit) response.end = formatStreamToken(backwards ? last.streamPos - 1 : last.streamPos);
      if (filter.lazyLoadMembers && shown.length > 0) {
        const newest = Math.max(...shown.map((e) => e.streamPos));
        response.state = await formatter.withRoomId(await membersAt(db, roomId, shown.map((e) => e.sender), newest));
      }
      return response;
    },

    async context(session, roomId, eventId, query) {
      const filter = deps.filters.forRoomEvents(query.filter);
      const cap = await readableUpTo(session.userId, roomId);
      const event = await eventsTable.get(db, eventId);
      const hidden = () => notFound("Event not found");
      if (!event || event.roomId !== roomId || event.streamPos > cap) throw hidden();
      if (!(await filterVisibleEvents(db, session.userId, roomId, [event])).has(eventId)) throw hidden();
      const limit = Math.min(query.limit ?? DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
      const beforeLimit = Math.floor(limit / 2);
      const roomAllowed = allowsRoom(filter.matcher, roomId);
      const before = roomAllowed ? await pageMatching(db, roomId, { dir: "b", from: event.streamPos - 1, to: undefined, limit: beforeLimit, matcher: filter.matcher }) : [];
      const after = roomAllowed ? await pageMatching(db, roomId, { dir: "f", from: event.streamPos, to: cap, limit: limit - beforeLimit, matcher: filter.matcher }) : [];
      const oldest = before[before.length - 1]?.streamPos ?? event.streamPos;
      const newest = after[after.length - 1]?.streamPos ?? event.streamPos;
      const shownBefore = await visibleOf(session.userId, roomId, before, filter);
      const shownAfter = await visibleOf(session.userId, roomId, after, filter);
      const formatter = formatterFor(session);
      const [main] = await formatter.withRoomId([event]);
      const stateRows = filter.lazyLoadMembers
        ? await membersAt(db, roomId, [event, ...shownBefore, ...shownAfter].map((e) => e.sender), newest)
        : await eventsTable.stateAt(db, roomId, newest);
      return {
        start: formatStreamToken(oldest - 1),
        end: formatStreamToken(newest),
        events_before: await formatter.withRoomId(shownBefore),
        ...(main && { event: main }),
        events_after: await formatter.withRoomId(shownAfter),
        state: await formatter.withRoomId(stateRows),
      };
    },
  };
}
