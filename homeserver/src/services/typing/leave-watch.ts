/**
 * A typer who leaves (or is kicked or banned) stops showing as typing when
 * the leave is seen, not only when their timeout runs out. Every process
 * watches the bus's stream wake-ups (published after COMMIT, so the new
 * membership is readable) and, for a room where someone is typing, checks
 * those typers' membership. Rooms nobody types in cost nothing.
 *
 * Each process does this for itself, like expiry, so nothing is published.
 */
import { currentStateTable } from "../../store/tables/current-state.js";
import type { ServiceContext } from "../context.js";

export type LeaveWatchTarget = {
  typersIn(roomId: string): string[];
  /** The user is no longer joined to the room. */
  drop(roomId: string, userId: string): void;
};

/** Returns the function that stops watching. */
export function watchLeaves(ctx: ServiceContext, target: LeaveWatchTarget): () => void {
  const check = async (roomId: string, typers: readonly string[]): Promise<void> => {
    for (const userId of typers) {
      const member = await currentStateTable.get(ctx.db, roomId, "m.room.member", userId);
      if (member?.membership !== "join") target.drop(roomId, userId);
    }
  };
  return ctx.bus.subscribe((message) => {
    if (message.kind !== "stream") return;
    for (const roomId of message.roomIds) {
      const typers = target.typersIn(roomId);
      if (typers.length === 0) continue;
      check(roomId, typers).catch((err: unknown) => {
        // The typer then stays listed until their timeout: a delay, not a loss.
        ctx.logger.warn({ err, roomId }, "typing: membership check failed");
      });
    }
  });
}
