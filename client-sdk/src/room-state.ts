/**
 * A room's current state: the latest state event per (type, state key), typed
 * where the SDK knows the type. State is small next to history (one event per
 * member at most), so it is kept whole.
 */
import type { Membership } from "./events/content.js";
import type { EventOfType, MemberEvent, StateEvent, UnknownRoomEvent } from "./events/types.js";

export type StateEntry = { readonly known: true; readonly event: StateEvent } | { readonly known: false; readonly event: UnknownRoomEvent };

const key = (type: string, stateKey: string) => `${type}\u0000${stateKey}`;

export class RoomState {
  private readonly entries = new Map<string, StateEntry>();

  /** Stores `entry`; returns the one it replaced, if any. */
  set(entry: StateEntry): StateEntry | undefined {
    const k = key(entry.event.type, entry.event.state_key ?? "");
    const previous = this.entries.get(k);
    this.entries.set(k, entry);
    return previous;
  }

  get<T extends StateEvent["type"]>(type: T, stateKey = ""): EventOfType<T> | undefined {
    const entry = this.entries.get(key(type, stateKey));
    return entry?.known ? (entry.event as EventOfType<T>) : undefined;
  }

  /** A state event of a type the SDK does not type (or whose content did not fit). */
  getUnknown(type: string, stateKey = ""): UnknownRoomEvent | undefined {
    const entry = this.entries.get(key(type, stateKey));
    return entry && !entry.known ? entry.event : undefined;
  }

  membershipOf(userId: string): Membership | undefined {
    return this.get("m.room.member", userId)?.content.membership;
  }

  /** Users whose membership is one of `memberships`. */
  members(memberships: readonly Membership[] = ["join"]): string[] {
    const out: string[] = [];
    for (const entry of this.entries.values()) {
      if (!entry.known || entry.event.type !== "m.room.member") continue;
      const member = entry.event as MemberEvent;
      if (memberships.includes(member.content.membership)) out.push(member.state_key);
    }
    return out;
  }

  clear(): void {
    this.entries.clear();
  }
}
