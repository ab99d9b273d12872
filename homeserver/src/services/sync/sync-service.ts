/**
 * /sync with long-polling. The loop: listen to the notifier (the user's
 * joined and invited rooms, the user, the session's token) BEFORE reading
 * the stream position; compute up to that position; if there is something
 * to say, say it; otherwise wait for a wake-up and go round again. A change
 * committing between the read and the wait has already woken the listener,
 * so nothing falls in the gap.
 *
 * The wait is capped below 40 s (MAX_WAIT_MS) because bot SDKs give up on a
 * request at 40 s. A revoked session ends the wait with 401; shutdown and a
 * client going away end it with what there is (an empty response).
 */
import type { clientSync, PushRuleset } from "@ward/protocol";
import type { Session } from "../../http/auth.js";
import { invalidParam, unknownToken } from "../../http/matrix-error.js";
import { currentStreamPosition } from "../../store/stream.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import type { ServiceContext } from "../context.js";
import type { FilterService } from "../filters/filter-service.js";
import { computeSync, emptySyncResponse, type ComputedSync } from "./compute.js";
import { createRoomHistory, type RoomHistory } from "./room-history.js";
import { userPushRules } from "./push-rules.js";
import { parseStreamToken } from "./tokens.js";

type SyncResponse = clientSync.SyncResponse;

/** Below the 40 s after which bot SDKs (matrix-bot-sdk, mautrix) abandon a /sync. */
export const MAX_WAIT_MS = 30_000;

export type SyncQuery = {
  since?: string | undefined;
  filter?: string | undefined;
  timeout?: number | undefined;
  fullState?: boolean | undefined;
  useStateAfter?: boolean | undefined;
  /** Accepted; presence is a later issue. */
  setPresence?: string | undefined;
};

export interface SyncService extends RoomHistory {
  sync(session: Session, query: SyncQuery, signal?: AbortSignal): Promise<SyncResponse>;
  /** The user's push rules as clients read them (GET /pushrules/). */
  pushRules(userId: string): Promise<PushRuleset>;
}

export function createSyncService(ctx: ServiceContext, deps: { filters: FilterService }): SyncService {
  const { db, notifier } = ctx;

  async function sync(session: Session, query: SyncQuery, signal?: AbortSignal): Promise<SyncResponse> {
    const since = query.since === undefined ? undefined : parseStreamToken(query.since, "since");
    const filter = await deps.filters.forSync(session.userId, query.filter);
    const params = {
      userId: session.userId, deviceId: session.deviceId, since, filter,
      fullState: query.fullState === true, useStateAfter: query.useStateAfter === true,
    };
    const compute = async (upto: number): Promise<ComputedSync> => {
      if (since !== undefined && since > upto) throw invalidParam("'since' is ahead of this server's stream");
      return computeSync(db, ctx.clock(), params, upto);
    };
    const waitMs = Math.min(query.timeout ?? 0, MAX_WAIT_MS);
    // Initial and full-state syncs, and timeout=0, answer at once (spec).
    if (since === undefined || params.fullState || waitMs <= 0) return (await compute(await currentStreamPosition(db))).response;

    // Timers run on real time; ctx.clock only stamps events (tests move it).
    const deadline = Date.now() + waitMs;
    let last = emptySyncResponse(since);
    for (;;) {
      const rooms = await currentStateTable.roomsForUser(db, session.userId, ["join", "invite"]);
      const listener = notifier.listen({ userId: session.userId, roomIds: new Set(rooms.map((r) => r.roomId)), tokenHash: session.tokenHash });
      try {
        const upto = await currentStreamPosition(db);
        // upto === since: nothing committed since the token, nothing to look at.
        if (upto !== since) {
          const result = await compute(upto);
          if (!result.empty) {
            listener.cancel();
            return result.response;
          }
          last = result.response;
        }
      } catch (err) {
        listener.cancel();
        throw err;
      }
      const reason = await listener.wait(deadline - Date.now(), signal);
      if (reason === "revoked") throw unknownToken("Access token was revoked");
      if (reason !== "changed") return last;
    }
  }

  return {
    sync,
    pushRules: (userId) => userPushRules(db, userId),
    ...createRoomHistory(ctx, deps),
  };
}
