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
 *
 * The row is kept in memory for CACHE_MS after it is read, so a client's
 * burst of requests (a send, then its /sync) costs one lookup. A session
 * ends as it did without the cache:
 *   - logout, device deletion, password change and deactivation delete the
 *     tokens and announce them on the bus (session-revoked), which every
 *     process, this one included, applies to its cache at once. Only a
 *     lost bus message leaves a revoked token usable, for CACHE_MS at most;
 *   - the idle and lifetime limits are judged on every request; a cached
 *     row that says "ended" is read again before the answer is given,
 *     because another process may have recorded later activity.
 */
import type { Bus } from "../../bus/bus.js";
import { LruMap } from "../../lru-map.js";
import type { ResolvedSession, Session, SessionResolver, SessionStanding, SessionUse } from "../../http/auth.js";
import { accessTokensTable, type TokenSession } from "../../store/tables/access-tokens.js";
import { appendAudit } from "../audit/record.js";
import type { ServiceContext } from "../context.js";
import { MAX_IDLE_TIMEOUT_MS } from "./idle-timeout.js";
import { hashAccessToken, tokenHashKey } from "./tokens.js";

export const TOUCH_INTERVAL_MS = 60_000;
export const IDLE_SLACK_MS = TOUCH_INTERVAL_MS;
/** How long a looked-up row answers for its token (real time). */
export const CACHE_MS = 5_000;

export type SessionResolverOptions = {
  /** The idle timeout in force (ms); defaults to the 4-hour maximum. */
  idleTimeoutMs?: () => Promise<number>;
  /** Absolute session lifetime from sign-in (ms); 0 or undefined: none. */
  maxLifetimeMs?: number;
};

export function createSessionResolver(
  context: Pick<ServiceContext, "db" | "clock"> & Partial<Pick<ServiceContext, "bus">>,
  options: SessionResolverOptions = {},
): SessionResolver {
  const { db, clock } = context;
  // Without a bus nobody could announce a revocation: no cache then.
  const rows = context.bus ? new SessionRows(context.bus) : undefined;
  const idleTimeoutMs = options.idleTimeoutMs ?? (async () => MAX_IDLE_TIMEOUT_MS);
  const maxLifetimeMs = options.maxLifetimeMs ?? 0;

  /** When the session ends if nothing more happens, counting idleness from `lastActivityTs`. */
  const endOf = async (row: TokenSession, lastActivityTs: number): Promise<number> => {
    let end = lastActivityTs + (await idleTimeoutMs()) + IDLE_SLACK_MS;
    if (maxLifetimeMs > 0) end = Math.min(end, row.createdTs + maxLifetimeMs);
    if (row.expiresTs !== null) end = Math.min(end, row.expiresTs);
    return end;
  };

  /** The session's standing at `now`; an end found here is written down unless `record` is false (only looking). */
  const judge = async (hash: Uint8Array, row: TokenSession, now: number, record = true): Promise<{ endsTs: number } | { expired: true }> => {
    const endsTs = await endOf(row, row.lastActivityTs);
    if (now < endsTs) return { endsTs };
    if (!record) return { expired: true };
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
      const key = tokenHashKey(hash);
      const now = clock();
      let row: TokenSession | null | undefined = rows?.get(key);
      if (row && "expired" in (await judge(hash, row, now, false))) row = undefined; // read again: see the header
      if (row === undefined) {
        const lookup = () => accessTokensTable.lookup(db, hash);
        row = rows ? await rows.load(key, lookup) : await lookup();
      }
      if (!row || row.deactivated) return null;
      const standing = await judge(hash, row, now);
      if ("expired" in standing) {
        rows?.forget(key);
        return standing;
      }
      const writeActivity = use.activity && now - row.lastActivityTs >= TOUCH_INTERVAL_MS;
      if (writeActivity || now - row.lastUsedTs >= TOUCH_INTERVAL_MS) {
        await accessTokensTable.touch(db, hash, now, writeActivity);
        rows?.touched(key, now, writeActivity);
      }
      return {
        userId: row.userId,
        deviceId: row.deviceId,
        tokenHash: key,
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

/**
 * The token rows this process looked up in the last CACHE_MS, by token hash,
 * dropped the moment the bus says the token was revoked. A revocation that
 * arrives while a lookup is under way also voids that lookup's result.
 */
class SessionRows {
  private readonly rows = new LruMap<string, { row: TokenSession; readAt: number }>(10_000);
  /** Bumped by every revocation: a lookup that started before one does not cache its row. */
  private revocations = 0;

  constructor(bus: Bus) {
    bus.subscribe((message) => {
      if (message.kind !== "session-revoked") return;
      this.revocations++;
      for (const hash of message.tokenHashes) this.rows.delete(hash);
    });
  }

  get(key: string): TokenSession | undefined {
    const entry = this.rows.get(key);
    if (entry && Date.now() - entry.readAt < CACHE_MS) return entry.row;
    if (entry) this.rows.delete(key);
    return undefined;
  }

  async load(key: string, lookup: () => Promise<TokenSession | null>): Promise<TokenSession | null> {
    const revocations = this.revocations;
    const readAt = Date.now();
    const row = await lookup();
    if (row && !row.deactivated && revocations === this.revocations) this.rows.set(key, { row, readAt });
    return row;
  }

  /** This process wrote a use (and maybe activity) to the row: its copy follows. */
  touched(key: string, ts: number, activity: boolean): void {
    const entry = this.rows.get(key);
    if (!entry) return;
    const row = { ...entry.row, lastUsedTs: Math.max(entry.row.lastUsedTs, ts) };
    if (activity) row.lastActivityTs = Math.max(entry.row.lastActivityTs, ts);
    entry.row = row;
  }

  forget(key: string): void {
    this.rows.delete(key);
  }
}
