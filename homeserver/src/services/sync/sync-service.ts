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
import type { Session, SessionResolver } from "../../http/auth.js";
import { invalidParam, unknownToken } from "../../http/matrix-error.js";
import { currentStreamPosition } from "../../store/stream.js";
import type { ServiceContext } from "../context.js";
import type { FilterService } from "../filters/filter-service.js";
import type { PresenceService, PresenceState } from "../presence/index.js";
import type { TypingService } from "../typing/index.js";
import { watchSession } from "../users/session-watch.js";
import { computeSync, emptySyncResponse, type ComputedSync, type SyncUpto } from "./compute.js";
import { pollState, sameRooms, UserRoomsGuess } from "./poll-state.js";
import { createRoomHistory, type RoomHistory } from "./room-history.js";
import { userPushRules } from "./push-rules.js";
import { parseSyncToken } from "./tokens.js";

type SyncResponse = clientSync.SyncResponse;

/** Below the 40 s after which bot SDKs (matrix-bot-sdk, mautrix) abandon a /sync. */
export const MAX_WAIT_MS = 30_000;

export type SyncQuery = {
  since?: string | undefined;
  filter?: string | undefined;
  timeout?: number | undefined;
  fullState?: boolean | undefined;
  useStateAfter?: boolean | undefined;
  /** The presence the syncing user is in (undefined: online). */
  setPresence?: PresenceState | undefined;
};

export interface SyncService extends RoomHistory {
  sync(session: Session, query: SyncQuery, signal?: AbortSignal): Promise<SyncResponse>;
  /** The user's push rules as clients read them (GET /pushrules/). */
  pushRules(userId: string): Promise<PushRuleset>;
}

export type SyncDeps = {
  filters: FilterService;
  typing: TypingService;
  presence: PresenceService;
  /** Idle timeout: lets a waiting /sync look at its session again (services/users/session-watch.ts). */
  sessions?: Pick<SessionResolver, "standing">;
};

export function createSyncService(ctx: ServiceContext, deps: SyncDeps): SyncService {
  const { db, notifier } = ctx;
  const guesses = new UserRoomsGuess();

  async function sync(session: Session, query: SyncQuery, signal?: AbortSignal): Promise<SyncResponse> {
    const sinceToken = query.since === undefined ? undefined : parseSyncToken(query.since, "since");
    const since = sinceToken?.stream;
    const filter = await deps.filters.forSync(session.userId, query.filter);
    await deps.presence.syncing(session.userId, query.setPresence);
    const params = {
      userId: session.userId, deviceId: session.deviceId, since, filter,
      fullState: query.fullState === true, useStateAfter: query.useStateAfter === true, sinceTyping: sinceToken?.typing,
    };
    // The typing mark is read right after the stream position: both bound this response.
    const currentEnd = async (): Promise<SyncUpto> => ({ stream: await currentStreamPosition(db), typing: deps.typing.currentMark() });
    const compute = async (end: SyncUpto): Promise<ComputedSync> => {
      if (since !== undefined && since > end.stream) throw invalidParam("'since' is ahead of this server's stream");
      return computeSync(db, ctx.clock(), params, end, deps.typing);
    };
    const waitMs = Math.min(query.timeout ?? 0, MAX_WAIT_MS);
    // Initial and full-state syncs, and timeout=0, answer at once (spec).
    if (sinceToken === undefined || params.fullState || waitMs <= 0) return (await compute(await currentEnd())).response;

    // Timers run on real time; ctx.clock only stamps events (tests move it).
    const deadline = Date.now() + waitMs;
    // Idle timeout: the wait never carries the session past its end (see session-watch.ts).
    const watch = deps.sessions ? watchSession(deps.sessions, session, ctx.clock) : undefined;
    let last = emptySyncResponse(sinceToken);
    // Listen to the rooms last seen for the user, then read the head and the
    // rooms at once; listen again only when they differ (poll-state.ts).
    // After a wake-up that did not name the user, the rooms are still theirs
    // and the announced position has committed (notifier.ts): no read.
    let roomIds = guesses.get(session.userId);
    let woken = false;
    for (;;) {
      const listener = notifier.listen({ userId: session.userId, roomIds, tokenHash: session.tokenHash });
      try {
        let end: SyncUpto;
        if (woken) {
          end = { stream: Math.max(sinceToken.stream, notifier.latestPosition), typing: deps.typing.currentMark() };
        } else {
          const state = await pollState(db, session.userId);
          end = { stream: state.position, typing: deps.typing.currentMark() };
          if (!sameRooms(state.roomIds, roomIds)) {
            listener.cancel();
            guesses.set(session.userId, (roomIds = state.roomIds));
            continue; // listen to the right rooms, then read again: nothing committing meanwhile is missed
          }
        }
        // Nothing committed and no typing change since the token: nothing to look at.
        if (end.stream !== since || end.typing !== sinceToken.typing) {
          const result = await compute(end);
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
      const reason = await listener.wait(Math.min(deadline - Date.now(), watch?.msUntilCheck() ?? Infinity), signal);
      if (reason === "revoked") throw unknownToken("Access token was revoked");
      // A wake-up that named the user may have changed their rooms: read again.
      woken = reason === "changed" && !listener.wokenForUser;
      if (reason === "timeout" && watch && Date.now() < deadline) {
        await watch.check(); // 401 soft_logout once the session has idled out; otherwise wait on
        continue;
      }
      if (reason !== "changed") return last;
    }
  }

  return {
    sync,
    pushRules: (userId) => userPushRules(db, userId),
    ...createRoomHistory(ctx, deps),
  };
}
