/**
 * Typing notifications: in memory in every process, never in the database
 * (spec/client-server/typing.md).
 *
 * A PUT is applied to this process's state at once (so a /sync right after
 * it sees it), wakes this process's long-polls, then goes out on the bus;
 * every other process applies it to its own state (its own echo is skipped).
 * Each process expires entries itself with one timer armed for the next
 * expiry, and drops a typer whose leave it sees on the bus. /sync reads the
 * state through currentMark / changedSince / typingIn.
 *
 * Expiry times are real time (Date.now), not ctx.clock: they drive real
 * timers and travel between processes.
 */
import { forbidden } from "../../http/matrix-error.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import type { ServiceContext } from "../context.js";
import { notInRoomError } from "../messenger/visibility.js";
import { watchLeaves } from "./leave-watch.js";
import { typingChangeOf, typingWake } from "./typing-messages.js";
import { TypingState } from "./typing-state.js";

/** When a client says it is typing without a timeout (the spec's example value). */
export const DEFAULT_TYPING_TIMEOUT_MS = 30_000;
/** Longer timeouts are cut to this: a client that vanishes stops "typing" within 2 minutes. */
export const MAX_TYPING_TIMEOUT_MS = 120_000;

export interface TypingService {
  /**
   * PUT /rooms/{roomId}/typing/{userId}. 403 when `sender` is not `userId`
   * or not joined to the room; 404 for an unknown room and, the same, for one
   * hidden from them (messenger/visibility.ts), so room IDs cannot be probed. `timeoutMs` is capped at MAX_TYPING_TIMEOUT_MS; a
   * timeout of 0 means "typing for no time": the same as typing=false.
   */
  setTyping(sender: string, userId: string, roomId: string, typing: boolean, timeoutMs: number | undefined): Promise<void>;
  /** The mark to put in next_batch: everything this process knows of is behind it. */
  currentMark(): string;
  /**
   * Rooms among `roomIds` whose typing list changed after `mark`. A mark this
   * process did not issue (another process, a restart) or `undefined` means:
   * every one of `roomIds` (the client's view may be stale).
   */
  changedSince(mark: string | undefined, roomIds: readonly string[]): string[];
  /** Who is typing in the room now, for the m.typing event. */
  typingIn(roomId: string): string[];
  close(): void;
}

export function createTypingService(ctx: ServiceContext): TypingService {
  const state = new TypingState();
  let timer: NodeJS.Timeout | undefined;
  let armedFor: number | undefined;
  let closed = false;

  /** Keeps one timer armed for the earliest expiry. */
  const arm = () => {
    const next = closed ? undefined : state.nextExpiry();
    if (next === armedFor) return;
    clearTimeout(timer);
    timer = undefined;
    armedFor = next;
    if (next === undefined) return;
    timer = setTimeout(expireNow, Math.max(0, next - Date.now()));
    // Typing must never keep a process alive.
    timer.unref();
  };
  function expireNow(): void {
    timer = undefined;
    armedFor = undefined;
    const changed = state.expire(Date.now());
    // Every process expires the same entries by itself: nothing to publish.
    if (changed.length > 0) ctx.notifier.wakeLocal(changed, []);
    arm();
  }

  /** Applies a change; `expiresAt` null or already past means "stopped". Returns whether the room's list changed. */
  const apply = (roomId: string, userId: string, expiresAt: number | null): boolean => {
    const now = Date.now();
    const changed = expiresAt === null || expiresAt <= now ? state.stop(roomId, userId) : state.start(roomId, userId, Math.min(expiresAt, now + MAX_TYPING_TIMEOUT_MS));
    arm();
    return changed;
  };

  const unsubscribeChanges = ctx.bus.subscribe((message) => {
    const change = typingChangeOf(message);
    if (!change || change.origin === state.instance) return;
    // A renewal is announced without rooms (nobody to wake); if this process had missed the start, wake here.
    if (apply(change.roomId, change.userId, change.expiresAt)) ctx.notifier.wakeLocal([change.roomId], []);
  });
  const unsubscribeLeaves = watchLeaves(ctx, {
    typersIn: (roomId) => state.typingIn(roomId),
    drop: (roomId, userId) => {
      if (state.stop(roomId, userId)) ctx.notifier.wakeLocal([roomId], []);
      arm();
    },
  });

  return {
    async setTyping(sender, userId, roomId, typing, timeoutMs) {
      if (sender !== userId) throw forbidden("Cannot set the typing state of another user");
      const member = await currentStateTable.get(ctx.db, roomId, "m.room.member", userId);
      if (member?.membership !== "join") throw await notInRoomError(ctx.db, userId, roomId);
      const timeout = typing ? Math.min(timeoutMs ?? DEFAULT_TYPING_TIMEOUT_MS, MAX_TYPING_TIMEOUT_MS) : 0;
      const expiresAt = timeout > 0 ? Date.now() + timeout : null;
      const changed = apply(roomId, userId, expiresAt);
      if (changed) ctx.notifier.wakeLocal([roomId], []);
      // Sent even when nothing changed here: another process may have missed the earlier message.
      const wake = typingWake({ roomId, userId, typing: expiresAt !== null, expiresAt, origin: state.instance }, changed);
      // Awaited: a client's next PUT, through any process, is published after this one, so Redis keeps their order.
      await ctx.bus.publish(wake).catch((err: unknown) => {
        ctx.logger.warn({ err, roomId }, "typing: bus publish failed");
      });
    },
    currentMark: () => state.currentMark(),
    changedSince: (mark, roomIds) => state.changedSince(mark, roomIds),
    typingIn: (roomId) => state.typingIn(roomId),
    close() {
      closed = true;
      arm();
      unsubscribeChanges();
      unsubscribeLeaves();
    },
  };
}
