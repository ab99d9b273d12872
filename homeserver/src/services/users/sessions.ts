/**
 * The SessionResolver the HTTP layer authenticates with: access token →
 * SHA-256 → one joined lookup (token, device, user).
 *
 * Use is recorded (last_used_ts) at most once a minute per token, judged from
 * the row itself, so it holds across processes and costs no write on most
 * requests.
 */
import type { ResolvedSession, SessionResolver } from "../../http/auth.js";
import { accessTokensTable, type TokenSession } from "../../store/tables/access-tokens.js";
import type { ServiceContext } from "../context.js";
import { hashAccessToken, tokenHashKey } from "./tokens.js";

export const TOUCH_INTERVAL_MS = 60_000;

/**
 * IDLE TIMEOUT HOOK (a later issue implements it): decides whether a session
 * ended by inactivity, from the token row (lastActivityTs) and the time. The
 * resolver answers `{ expired: true }` (401 soft_logout) when it says so. That
 * issue also decides which requests count as activity (a background /sync
 * should not); until then every resolved request touches both timestamps.
 */
export type IdlePolicy = (session: TokenSession, now: number) => boolean;

/** The default until the idle-timeout issue lands: sessions never idle out. */
export const neverIdle: IdlePolicy = () => false;

export type SessionResolverOptions = { idlePolicy?: IdlePolicy };

export function createSessionResolver(
  context: Pick<ServiceContext, "db" | "clock">,
  options: SessionResolverOptions = {},
): SessionResolver {
  const { db, clock } = context;
  const idle = options.idlePolicy ?? neverIdle;
  return {
    async resolve(token: string): Promise<ResolvedSession> {
      const hash = hashAccessToken(token);
      const row = await accessTokensTable.lookup(db, hash);
      if (!row || row.deactivated) return null;
      const now = clock();
      if (row.expiresTs !== null && row.expiresTs <= now) return null;
      if (idle(row, now)) return { expired: true };
      if (now - row.lastUsedTs >= TOUCH_INTERVAL_MS) await accessTokensTable.touch(db, hash, now, true);
      return { userId: row.userId, deviceId: row.deviceId, tokenHash: tokenHashKey(hash), isGuest: row.isGuest };
    },
  };
}
