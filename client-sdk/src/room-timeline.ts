/**
 * A room's history on the client: the bounded window of its latest events,
 * and a cursor for walking further back with /messages.
 *
 * The cursor starts where the first sync's timeline starts (its
 * `prev_batch`). Pages fill the window only while they join on to its oldest
 * event and it has room; once live events have pushed old ones out, or a page
 * did not fit, later pages are only handed to the caller.
 */
import { clientMessages } from "@ward/protocol/endpoints";
import type { ParsedEvent } from "./events/parse.js";
import type { RoomEvent, UnknownRoomEvent } from "./events/types.js";
import type { HttpClient } from "./http.js";
import { TimelineWindow } from "./timeline-window.js";

export type RawEvent = clientMessages.MessagesResponse["chunk"][number];

/** A page of older events from `room.paginateBack`. */
export type Page = { readonly events: RoomEvent[]; readonly others: UnknownRoomEvent[]; readonly hasMore: boolean };

export class RoomTimeline {
  readonly window: TimelineWindow<RoomEvent>;
  private backToken: string | undefined;
  private reachedStart = false;
  /** The cursor points just before the window's oldest event. */
  private adjacent = true;
  private paging: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly roomId: string,
    private readonly http: HttpClient,
    capacity: number,
    private readonly signal: AbortSignal,
  ) {
    this.window = new TimelineWindow(capacity);
  }

  get canPaginateBack(): boolean {
    return !this.reachedStart;
  }

  /** The first timeline the client sees of the room starts here. */
  startAt(prevBatch: string | undefined): void {
    if (this.backToken === undefined && this.window.size === 0) this.backToken = prevBatch;
  }

  /** After a gap: the window starts over and history is read back from `backToken`. */
  reset(backToken: string | undefined): void {
    this.window.clear();
    this.backToken = backToken;
    this.reachedStart = false;
    this.adjacent = true;
  }

  /** Appends live events; returns the ones not already there. */
  append(events: readonly RoomEvent[]): RoomEvent[] {
    const oldestBefore = this.window.oldest;
    const added = this.window.append(events);
    if (oldestBefore !== undefined && this.window.oldest !== oldestBefore) this.adjacent = false;
    return added;
  }

  paginateBack(limit: number, parse: (raw: RawEvent) => ParsedEvent): Promise<Page> {
    // One page at a time: two pages from the same token would overlap.
    const page = this.paging.then(() => this.fetchPage(limit, parse));
    this.paging = page.catch(() => undefined);
    return page;
  }

  private async fetchPage(limit: number, parse: (raw: RawEvent) => ParsedEvent): Promise<Page> {
    if (this.reachedStart) return { events: [], others: [], hasMore: false };
    const query = { dir: "b" as const, limit, ...(this.backToken !== undefined ? { from: this.backToken } : {}) };
    const res = await this.http.call(clientMessages.messages, { params: { roomId: this.roomId }, query }, { signal: this.signal });
    const events: RoomEvent[] = [];
    const others: UnknownRoomEvent[] = [];
    // dir=b answers newest first.
    for (const raw of [...res.chunk].reverse()) {
      const parsed = parse(raw);
      if (parsed.known) events.push(parsed.event);
      else others.push(parsed.event);
    }
    if (this.adjacent && this.window.prepend(events) < events.length) this.adjacent = false;
    this.backToken = res.end;
    if (res.end === undefined) this.reachedStart = true;
    return { events, others, hasMore: !this.reachedStart };
  }
}
