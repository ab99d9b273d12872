/**
 * Marks offline the users who stopped syncing. Every process runs this on a
 * timer; running it in several at once is safe: candidates are locked with
 * SKIP LOCKED, so each stale user is claimed by one sweeper, and the UPDATE
 * re-checks staleness under that lock.
 *
 * The candidates are read BEFORE a stream position is taken, so an idle
 * server does not burn a position (and a write to stream_head) every tick.
 */
import { allocateStreamPositions } from "../../store/stream.js";
import { presenceTable } from "../../store/tables/presence.js";
import type { ServiceContext } from "../context.js";
import { wakeAudience } from "./audience.js";
import { OFFLINE_AFTER_MS } from "./rules.js";

/** Real time between sweeps; a stale user goes offline within OFFLINE_AFTER_MS plus this. */
export const SWEEP_INTERVAL_MS = 5_000;
/** Users marked offline per transaction; a large backlog (after an outage) takes several. */
const SWEEP_BATCH = 500;

/** One sweep as of ctx.clock(): the users it marked offline, sorted. */
export async function sweepOffline(ctx: ServiceContext): Promise<string[]> {
  const cutoff = ctx.clock() - OFFLINE_AFTER_MS;
  const swept: string[] = [];
  for (;;) {
    const batch = await ctx.db.transaction(async (tx) => {
      const stale = await presenceTable.lockStale(tx, cutoff, SWEEP_BATCH);
      if (stale.length === 0) return { userIds: [], claimed: 0, position: 0 };
      const position = await allocateStreamPositions(tx);
      return { userIds: await presenceTable.markOffline(tx, stale, cutoff, position), claimed: stale.length, position };
    });
    if (batch.userIds.length > 0) {
      await wakeAudience(ctx, batch.userIds, batch.position);
      swept.push(...batch.userIds);
    }
    if (batch.claimed < SWEEP_BATCH) return swept.sort();
  }
}

/**
 * Runs sweepOffline every `intervalMs` (never two at once in this
 * process) until stopped. A failing sweep (database closed or down) is
 * logged once until a sweep succeeds again, not every tick.
 */
export function startSweeper(ctx: ServiceContext, afterTick: (now: number) => void, intervalMs = SWEEP_INTERVAL_MS): () => void {
  let stopped = false;
  let running = false;
  let failing = false;
  const tick = () => {
    if (stopped || running) return;
    running = true;
    sweepOffline(ctx)
      .then(() => {
        failing = false;
        afterTick(ctx.clock());
      })
      .catch((err: unknown) => {
        if (stopped || failing) return;
        failing = true;
        ctx.logger.warn({ err }, "presence sweep failed");
      })
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, intervalMs);
  // A background chore: it must not keep the process alive on its own.
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
