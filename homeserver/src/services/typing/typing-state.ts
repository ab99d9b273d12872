/**
 * Who is typing where, in this process's memory: room → (user → expiresAt,
 * in real-time milliseconds). Never stored: a restart forgets it, and clients
 * lose nothing worth keeping.
 *
 * Every change of a room's list (someone starts, stops, expires, leaves)
 * takes the next value of this process's serial and records it as the
 * room's last change, with the time. A mark `<instance>.<serial>.<time>`
 * names "this process's state after that change (made at that time)"; the
 * instance is random per process, so a mark from another process or from
 * before a restart is recognised as foreign.
 *
 * A foreign mark falls back on its time: every process applies a change
 * within a bus delivery of the others, so rooms changed after the mark's time
 * minus FOREIGN_MARK_SLACK_MS are all the client can have missed. A mark
 * changes only with the state, so an idle long-poll has nothing to recompute. A client
 * that a load balancer moves between processes thus gets a few recent lists
 * again, not every room's.
 * Renewing someone already typing only moves their expiry: the list is the
 * same, so nothing is bumped and nobody is woken.
 */
import { randomBytes } from "node:crypto";

/** A mark is `<instance>.<serial>`; the instance is hex, so the mark fits a sync token's [A-Za-z0-9.-]{1,64}. */
export function newInstanceId(): string {
  return randomBytes(6).toString("hex");
}

/** Covers bus delivery and clock skew between processes; a resend inside it is harmless (the list replaces the last). */
export const FOREIGN_MARK_SLACK_MS = 2_000;

const MARK = /^([A-Za-z0-9-]+)\.(0|[1-9][0-9]{0,15})\.(0|[1-9][0-9]{0,15})$/;

export class TypingState {
  private readonly rooms = new Map<string, Map<string, number>>();
  /** The serial and real time of each room's last list change; rooms never changed are absent. */
  private readonly lastChanged = new Map<string, { serial: number; at: number }>();
  private serial = 0;
  private lastChangeAt = 0;

  constructor(
    readonly instance: string = newInstanceId(),
    private readonly now: () => number = Date.now,
  ) {}

  currentMark(): string {
    return `${this.instance}.${this.serial}.${this.lastChangeAt}`;
  }

  /**
   * The user types until `expiresAt` (a later call replaces it). Returns
   * whether the room's list changed, i.e. the user was not typing before.
   */
  start(roomId: string, userId: string, expiresAt: number): boolean {
    let users = this.rooms.get(roomId);
    if (!users) this.rooms.set(roomId, (users = new Map()));
    const wasTyping = users.has(userId);
    users.set(userId, expiresAt);
    if (wasTyping) return false;
    this.bump(roomId);
    return true;
  }

  /** Returns whether the room's list changed (the user was typing). */
  stop(roomId: string, userId: string): boolean {
    const users = this.rooms.get(roomId);
    if (!users?.delete(userId)) return false;
    if (users.size === 0) this.rooms.delete(roomId);
    this.bump(roomId);
    return true;
  }

  /** Removes every entry expired at `now`; returns the rooms whose list changed. */
  expire(now: number): string[] {
    const changed: string[] = [];
    for (const [roomId, users] of this.rooms) {
      const before = users.size;
      for (const [userId, expiresAt] of users) if (expiresAt <= now) users.delete(userId);
      if (users.size === before) continue;
      if (users.size === 0) this.rooms.delete(roomId);
      this.bump(roomId);
      changed.push(roomId);
    }
    return changed;
  }

  /** The earliest expiry of anyone typing anywhere; undefined when nobody is. */
  nextExpiry(): number | undefined {
    let next: number | undefined;
    for (const users of this.rooms.values()) for (const expiresAt of users.values()) if (next === undefined || expiresAt < next) next = expiresAt;
    return next;
  }

  typingIn(roomId: string): string[] {
    return [...(this.rooms.get(roomId)?.keys() ?? [])].sort();
  }

  /**
   * Rooms among `roomIds` changed after `mark`: exactly, for this process's
   * own marks; by time (with the slack) for another process's; all of them
   * for a malformed or missing mark.
   */
  changedSince(mark: string | undefined, roomIds: readonly string[]): string[] {
    const parsed = mark === undefined ? undefined : MARK.exec(mark);
    if (!parsed) return [...roomIds];
    const serial = Number(parsed[2]);
    // A serial this process has not reached cannot be its own: judge it by its time.
    if (parsed[1] === this.instance && serial <= this.serial) {
      return roomIds.filter((roomId) => (this.lastChanged.get(roomId)?.serial ?? 0) > serial);
    }
    const after = Number(parsed[3]) - FOREIGN_MARK_SLACK_MS;
    return roomIds.filter((roomId) => (this.lastChanged.get(roomId)?.at ?? -Infinity) > after);
  }

  private bump(roomId: string): void {
    this.serial += 1;
    this.lastChangeAt = this.now();
    this.lastChanged.set(roomId, { serial: this.serial, at: this.lastChangeAt });
  }
}
