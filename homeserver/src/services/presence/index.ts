/**
 * Presence: online / unavailable / offline, a status message, and when the
 * user was last active. Set by PUT /presence and by syncing (set_presence),
 * read by GET /presence and delivered to the user and everyone sharing a
 * joined room with them through /sync (services/sync/presence.ts). Users who
 * stop syncing are marked offline by a sweeper every process runs.
 * Rules: rules.ts; writes: writes.ts; the sweeper: sweeper.ts.
 */
import { userIdServer } from "@ward/protocol";
import type { clientEphemeral } from "@ward/protocol";
import { forbidden, invalidParam, notFound } from "../../http/matrix-error.js";
import { presenceTable } from "../../store/tables/presence.js";
import { usersTable } from "../../store/tables/users.js";
import type { ServiceContext } from "../context.js";
import { checkUserId } from "../rooms/users.js";
import { sharesJoinedRoom } from "./audience.js";
import { MAX_STATUS_MSG_LENGTH, presenceContent } from "./rules.js";
import { startSweeper, sweepOffline } from "./sweeper.js";
import { PresenceWrites } from "./writes.js";

export type PresenceState = clientEphemeral.PresenceState;

export interface PresenceService {
  /** GET /presence/{userId}/status: the user themself or someone sharing a joined room with them. */
  get(viewer: string, userId: string): Promise<clientEphemeral.PresenceResponse>;
  /** PUT /presence/{userId}/status: only the user themself. */
  set(sender: string, userId: string, presence: PresenceState, statusMsg: string | undefined): Promise<void>;
  /**
   * Called at the start of every /sync: the user is syncing with
   * `set_presence` (undefined means online). Cheap when nothing changes.
   * Never throws: presence must not fail a /sync.
   */
  syncing(userId: string, setPresence: PresenceState | undefined): Promise<void>;
  /** One sweep now, as of ctx.clock() (the timer does this every few seconds): the users it marked offline. */
  sweep(): Promise<string[]>;
  /** Stops the timer that marks users offline when they stop syncing. */
  close(): void;
}

export function createPresenceService(ctx: ServiceContext): PresenceService {
  const writes = new PresenceWrites(ctx);
  const stopSweeper = startSweeper(ctx, (now) => writes.prune(now));

  async function checkCanSee(viewer: string, userId: string): Promise<void> {
    if (userId === viewer) return;
    const local = userIdServer(userId as Parameters<typeof userIdServer>[0]) === ctx.config.serverName;
    if (local && !(await usersTable.get(ctx.db, userId))) throw notFound("Unknown user");
    // 403 rather than an "offline" answer: presence is shared with room co-members only, and saying so beats pretending.
    if (!(await sharesJoinedRoom(ctx.db, viewer, userId))) throw forbidden("You do not share a room with this user");
  }

  return {
    async get(viewer, value) {
      const userId = checkUserId(value, "userId");
      await checkCanSee(viewer, userId);
      const row = await presenceTable.get(ctx.db, userId);
      return row ? presenceContent(row, ctx.clock()) : { presence: "offline" };
    },

    async set(sender, userId, presence, statusMsg) {
      if (sender !== userId) throw forbidden("You cannot set the presence of another user");
      if (statusMsg !== undefined && statusMsg.length > MAX_STATUS_MSG_LENGTH) {
        throw invalidParam(`status_msg must be at most ${MAX_STATUS_MSG_LENGTH} characters long`);
      }
      await writes.put(userId, presence, statusMsg === undefined || statusMsg === "" ? null : statusMsg);
    },

    async syncing(userId, setPresence) {
      try {
        await writes.syncing(userId, setPresence);
      } catch (err) {
        ctx.logger.warn({ err, userId }, "presence not updated by /sync");
      }
    },

    sweep: () => sweepOffline(ctx),
    close: stopSweeper,
  };
}
