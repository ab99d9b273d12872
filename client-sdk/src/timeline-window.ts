/**
 * The latest events of one room, at most `capacity` of them, oldest first.
 * New events push the oldest out; older pages (back-pagination) fill only
 * the room that is left, so the window stays one unbroken run of the room's
 * history ending at its newest event, and memory stays bounded however long
 * the app runs.
 *
 * Event IDs are remembered while their events are in the window, so an event
 * delivered twice (a retried sync, a gap fill overlapping a page) is kept once.
 */

/** Anything with an event ID. */
export type Identified = { readonly event_id: string };

export class TimelineWindow<E extends Identified> {
  private events: E[] = [];
  private readonly ids = new Set<string>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("a timeline window holds at least one event");
  }

  get size(): number {
    return this.events.length;
  }

  /** The events, oldest first (a copy). */
  toArray(): E[] {
    return [...this.events];
  }

  has(eventId: string): boolean {
    return this.ids.has(eventId);
  }

  get(eventId: string): E | undefined {
    return this.ids.has(eventId) ? this.events.find((e) => e.event_id === eventId) : undefined;
  }

  get newest(): E | undefined {
    return this.events[this.events.length - 1];
  }

  get oldest(): E | undefined {
    return this.events[0];
  }

  /** Appends newer events; returns those that were new (not already in the window). */
  append(newer: readonly E[]): E[] {
    const added = newer.filter((e) => this.admit(e));
    this.events.push(...added);
    const excess = this.events.length - this.capacity;
    if (excess > 0) for (const dropped of this.events.splice(0, excess)) this.ids.delete(dropped.event_id);
    return added;
  }

  /**
   * Prepends older events (oldest first), as many as fit. Returns how many
   * were taken: the newest of `older`, the ones adjacent to the window.
   */
  prepend(older: readonly E[]): number {
    const room = this.capacity - this.events.length;
    if (room <= 0) return 0;
    const fresh = older.filter((e) => !this.ids.has(e.event_id));
    const taken = fresh.slice(Math.max(0, fresh.length - room));
    for (const e of taken) this.ids.add(e.event_id);
    this.events.unshift(...taken);
    return taken.length;
  }

  /** Replaces an event in place (a redaction applied locally); false when it is not in the window. */
  replace(event: E): boolean {
    const i = this.events.findIndex((e) => e.event_id === event.event_id);
    if (i < 0) return false;
    this.events[i] = event;
    return true;
  }

  /** Forgets everything: after a gap in the history the window starts over. */
  clear(): void {
    this.events = [];
    this.ids.clear();
  }

  private admit(e: E): boolean {
    if (this.ids.has(e.event_id)) return false;
    this.ids.add(e.event_id);
    return true;
  }
}
