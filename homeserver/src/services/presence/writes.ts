/**
 * Presence writes from /sync and PUT. Each is one transaction: lock the
 * user's row, compute the next row (rules.ts), and only when others see a
 * change take a stream position (after the row lock: see tables/presence.ts)
 * and wake the user's rooms after COMMIT. Unchanged rows just get fresh
 * timestamps, with no position and no wake-up.
 *
 * /sync calls in on every request, so a process remembers when it last wrote
 * each syncing user and skips the database until SYNC_WRITE_INTERVAL_MS has
 * passed. That memory is only a shortcut: a state change made through
 * another process is still honoured (syncs never override an explicit
 * state, and the sweeper cannot catch a user whose timestamps this process
 * keeps fresh).
 */
import { allocateStreamPositions } from "../../store/stream.js";
import { presenceTable, type PresenceRow } from "../../store/tables/presence.js";
import type { ServiceContext } from "../context.js";
import { wakeAudience } from "./audience.js";
import { afterPut, afterSync, SYNC_WRITE_INTERVAL_MS, type PresenceState, type Transition } from "./rules.js";

type Remembered = { state: "online" | "unavailable"; at: number };

export class PresenceWrites {
  private readonly written = new Map<string, Remembered>();

  constructor(private readonly ctx: ServiceContext) {}

  async syncing(userId: string, setPresence: PresenceState | undefined): Promise<void> {
    // Spec: set_presence=offline means this sync does not mark the user online; it changes nothing.
    if (setPresence === "offline") return;
    const state = setPresence ?? "online";
    const now = this.ctx.clock();
    const last = this.written.get(userId);
    if (last && last.state === state && now >= last.at && now - last.at < SYNC_WRITE_INTERVAL_MS) return;
    await this.apply(userId, (prev) => afterSync(prev, userId, state, now));
    this.written.set(userId, { state, at: now });
  }

  async put(userId: string, state: PresenceState, statusMsg: string | null): Promise<void> {
    const now = this.ctx.clock();
    this.written.delete(userId);
    await this.apply(userId, (prev) => afterPut(prev, userId, state, statusMsg, now));
  }

  /** Forgets users not written for a while, so the memory stays as small as the set of syncing users. */
  prune(now: number): void {
    for (const [userId, last] of this.written) {
      if (now < last.at || now - last.at >= SYNC_WRITE_INTERVAL_MS) this.written.delete(userId);
    }
  }

  private async apply(userId: string, next: (prev: PresenceRow | null) => Transition): Promise<void> {
    const position = await this.ctx.db.transaction(async (tx) => {
      const prev = await presenceTable.getForUpdate(tx, userId);
      const { row, visible } = next(prev);
      if (!visible && prev) {
        await presenceTable.upsert(tx, { ...row, streamPos: prev.streamPos });
        return undefined;
      }
      const streamPos = await allocateStreamPositions(tx);
      await presenceTable.upsert(tx, { ...row, streamPos });
      return streamPos;
    });
    if (position !== undefined) await wakeAudience(this.ctx, [userId], position);
  }
}
