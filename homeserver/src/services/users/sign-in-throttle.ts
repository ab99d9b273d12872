/**
 * Sign-in throttling, per account and per client address, kept in Postgres
 * (tables/login-throttle.ts) so every process counts the same failures.
 *
 *   account  10 failed sign-ins within 15 minutes lock the account's sign-in
 *            for 15 minutes: 401 M_USER_LOCKED with soft_logout: true, as the
 *            spec's account locking answers. Failures during the lock are
 *            not counted, so the lock never grows: an attacker cannot lock a
 *            user out for longer than the fixed period per 10 guesses, and
 *            the sessions the user already has keep working (only new
 *            sign-ins are refused). A successful sign-in clears the count.
 *   address  30 failures within 15 minutes from one address (X-Forwarded-For
 *            only with WARD_TRUST_PROXY, as for rate limits) stop sign-ins
 *            from it for 15 minutes: 429 M_LIMIT_EXCEEDED with
 *            retry_after_ms. This bounds guessing across many accounts.
 *
 * Names that could be an account here are counted whether or not the account
 * exists, so an unknown user name locks exactly like a real one and the
 * answers never tell which names exist.
 */
import { MatrixError, limitExceeded } from "../../http/matrix-error.js";
import type { Transaction } from "../../store/database.js";
import { loginThrottleTable, type ThrottleRow, type ThrottleScope } from "../../store/tables/login-throttle.js";
import type { ServiceContext } from "../context.js";

export type ThrottleRule = { readonly maxFailures: number; readonly windowMs: number; readonly lockMs: number };

export const ACCOUNT_RULE: ThrottleRule = Object.freeze({ maxFailures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 });
export const ADDRESS_RULE: ThrottleRule = Object.freeze({ maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 });

/** Who is trying: the account a name means (null when it cannot name one here), and from where. */
export type SignInAttempt = { readonly userId: string | null; readonly address?: string | undefined };

export interface SignInThrottle {
  /** Throws 429 (address) or 401 M_USER_LOCKED (account) while sign-in is refused. */
  check(attempt: SignInAttempt): Promise<void>;
  failed(attempt: SignInAttempt): Promise<void>;
  succeeded(userId: string): Promise<void>;
}

export const accountLocked = () =>
  new MatrixError(401, "M_USER_LOCKED", "Too many failed sign-ins: this account's sign-in is locked for a while; try again later", {
    soft_logout: true,
  });

const RULES: Record<ThrottleScope, ThrottleRule> = { account: ACCOUNT_RULE, address: ADDRESS_RULE };

function keysOf(attempt: SignInAttempt): Array<[ThrottleScope, string]> {
  const keys: Array<[ThrottleScope, string]> = [];
  if (attempt.userId !== null) keys.push(["account", attempt.userId]);
  if (attempt.address !== undefined && attempt.address !== "") keys.push(["address", attempt.address]);
  return keys;
}

/** One more failure on `row` at `now`: a new window once the old one (or the lock) is over; a lock at the limit. */
export function countFailure(row: ThrottleRow, rule: ThrottleRule, now: number): ThrottleRow {
  if (row.lockedUntilTs !== null && row.lockedUntilTs > now) return row;
  const fresh = row.lockedUntilTs !== null || now - row.windowStartTs >= rule.windowMs;
  const failures = (fresh ? 0 : row.failures) + 1;
  return {
    ...row,
    windowStartTs: fresh ? now : row.windowStartTs,
    failures,
    lockedUntilTs: failures >= rule.maxFailures ? now + rule.lockMs : null,
  };
}

export function createSignInThrottle(context: Pick<ServiceContext, "db" | "clock" | "logger">): SignInThrottle {
  const { db, clock, logger } = context;

  /** Counts one failure; true when it is the one that locks. */
  const record = async (tx: Transaction, scope: ThrottleScope, key: string, now: number): Promise<boolean> => {
    const row = await loginThrottleTable.lockForUpdate(tx, scope, key, now);
    const next = countFailure(row, RULES[scope], now);
    if (next !== row) await loginThrottleTable.update(tx, next);
    return next.lockedUntilTs !== null && row.lockedUntilTs !== next.lockedUntilTs;
  };

  return {
    async check(attempt) {
      const now = clock();
      for (const [scope, key] of keysOf(attempt)) {
        const row = await loginThrottleTable.get(db, scope, key);
        if (row?.lockedUntilTs == null || row.lockedUntilTs <= now) continue;
        throw scope === "account" ? accountLocked() : limitExceeded(row.lockedUntilTs - now);
      }
    },

    async failed(attempt) {
      const now = clock();
      const keys = keysOf(attempt);
      if (keys.length === 0) return;
      const locked = await db.transaction(async (tx) => {
        const out: ThrottleScope[] = [];
        for (const [scope, key] of keys) if (await record(tx, scope, key, now)) out.push(scope);
        // The natural moment to forget old windows; the table stays as small as the recent failures.
        await loginThrottleTable.deleteStale(tx, now - Math.max(ACCOUNT_RULE.windowMs, ADDRESS_RULE.windowMs), now);
        return out;
      });
      if (locked.includes("account")) logger.warn({ userId: attempt.userId, lockMs: ACCOUNT_RULE.lockMs }, "sign-in locked after repeated failures");
      if (locked.includes("address")) logger.warn({ address: attempt.address, lockMs: ADDRESS_RULE.lockMs }, "sign-ins from an address stopped after repeated failures");
    },

    async succeeded(userId) {
      await loginThrottleTable.delete(db, "account", userId);
    },
  };
}
