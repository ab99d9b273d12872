/**
 * The SessionResolver the HTTP layer authenticates with: access token →
 * SHA-256 → one joined lookup (token, device, user) → is the session still on?
 *
 * A session ends, answered 401 M_UNKNOWN_TOKEN with soft_logout: true, when
 *   - idle: the org's idle timeout (idle-timeout.ts) has passed since the last
 *     request that counts as user activity (http/activity.ts), or
 *   - lifetime: WARD_SESSION_MAX_LIFETIME_MS has passed since sign-in (off by
 *     default: the idle timeout is what HIPAA's automatic logoff asks for).
 * The end is then written to the row (expires_ts), so the session stays
 * ended even if the org later allows longer sessions.
 *
 * Recording activity cheaply: the row is read on every request anyway, so
 * the process knows when activity was last written without keeping its own
 * copy; it writes again only when that is TOUCH_INTERVAL_MS old. The row
 * therefore lags the true last activity by less than TOUCH_INTERVAL_MS, in
 * every process at once (the write is GREATEST(old, new)). An in-memory
 * per-token map would give the same bound for one process only, and the
 * other processes would still have to allow for it.
 *
 * IDLE_SLACK_MS is that allowance: a session is judged idle only when even
 * the latest activity the row can be missing is older than the timeout. All
 * processes judge from the same row with the same slack, so they agree, and
 * none ends a session early; a session ends between the timeout and the
 * timeout plus one minute after the user's last act.
 */
import type { ResolvedSession, Session, SessionResolver, SessionStanding, SessionUse } from "../../http/auth.js";
import { accessTokensTable, type TokenSession } from "../../store/tables/access-tokens.js";
import { appendAudit } from "../audit/record.js";
import type { ServiceContext } from "../context.js";
import { MAX_IDLE_TIMEOUT_MS } from "./idle-timeout.js";
import { hashAccessToken, tokenHashKey } from "./tokens.js";

export const TOUCH_INTERVAL_MS = 60_000;
export const IDLE_SLACK_MS = TOUCH_INTERVAL_MS;

export type SessionResolverOptions = {
  /** The idle timeout in force (ms); defaults to the 4-hour maximum. */
  idleTimeoutMs?: () => Promise<number>;
  /** Absolute session lifetime from sign-in (ms); 0 or undefined: none. */
  maxLifetimeMs?: number;
};

export function createSessionResolver(
  context: Pick<ServiceContext, "db" | "clock">,
  options: SessionResolverOptions = {},
): SessionResolver {
  const { db, clock } = context;
  const idleTimeoutMs = options.idleTimeoutMs ?? (async () => MAX_IDLE_TIMEOUT_MS);
  const maxLifetimeMs = options.maxLifetimeMs ?? 0;

  /** When the session ends if nothing more happens, counting idleness from `lastActivityTs`. */
  const endOf = async (row: TokenSession, lastActivityTs: number): Promise<number> => {
    let end = lastActivityTs + (await idleTimeoutMs()) + IDLE_SLACK_MS;
    if (maxLifetimeMs > 0) end = Math.min(end, row.createdTs + maxLifetimeMs);
    if (row.expiresTs !== null) end = Math.min(end, row.expiresTs);
    return end;
  };

  /** The session's standing at `now`; an end found here is written down. */
  const judge = async (hash: Uint8Array, row: TokenSession, now: number): Promise<{ endsTs: number } | { expired: true }> => {
    const endsTs = await endOf(row, row.lastActivityTs);
    if (now < endsTs) return { endsTs };
    if (row.expiresTs === null || row.expiresTs > now) {
      await db.transaction(async (tx) => {
        // Audit: the timeout is recorded once, by whichever request finds it first.
        if (await accessTokensTable.markEnded(tx, hash, endsTs)) {
          await appendAudit(tx, now, [{ action: "session_timeout", actor: row.userId, deviceId: row.deviceId }]);
        }
      });
    }
    return { expired: true };
  };

  return {
    async resolve(token: string, use: SessionUse = { activity: true }): Promise<ResolvedSession> {
      const hash = hashAccessToken(token);
      const row = await accessTokensTable.lookup(db, hash);
      if (!row || row.deactivated) return null;
      const now = clock();
      const standing = await judge(hash, row, now);
      if ("expired" in standing) return standing;
      const writeActivity = use.activity && now - row.lastActivityTs >= TOUCH_INTERVAL_MS;
      if (writeActivity || now - row.lastUsedTs >= TOUCH_INTERVAL_MS) await accessTokensTable.touch(db, hash, now, writeActivity);
      return {
        userId: row.userId,
        deviceId: row.deviceId,
        tokenHash: tokenHashKey(hash),
        isGuest: row.isGuest,
        endsTs: use.activity ? await endOf(row, now) : standing.endsTs,
      };
    },

    async standing(session: Session): Promise<SessionStanding> {
      const hash = new Uint8Array(Buffer.from(session.tokenHash, "hex"));
      const row = await accessTokensTable.lookup(db, hash);
      return !row || row.deactivated ? null : judge(hash, row, clock());
    },
  };
}
