/**
 * Keeps a long-poll (/sync) honest about its session's idle timeout. The
 * session was resolved when the request came in; a wait of up to 30 s, and
 * the loop around it, must not carry it past its end. So the wait is capped
 * at the moment the session would end, and at that moment the session is
 * looked at again: the user may have acted meanwhile through another request
 * or process (the end moves on), or not (401 soft_logout, as for any request
 * on an ended session).
 *
 * The session's end is in ctx.clock time and the wait in real time; they
 * run together in production. A test that moves its clock is re-checked at
 * most once per MIN_RECHECK_MS, so a stopped clock cannot make the loop spin.
 */
import { sessionExpired, type Session, type SessionResolver } from "../../http/auth.js";
import { unknownToken } from "../../http/matrix-error.js";
import type { Clock } from "../context.js";

export const MIN_RECHECK_MS = 1000;

export interface SessionWatch {
  /** How long a wait may last before the session must be looked at again. */
  msUntilCheck(): number;
  /** Throws 401 M_UNKNOWN_TOKEN (soft_logout when it timed out) if the session has ended; otherwise learns its new end. */
  check(): Promise<void>;
}

/** Undefined when there is nothing to watch (a session without an end, or a resolver that cannot look again). */
export function watchSession(resolver: Pick<SessionResolver, "standing">, session: Session, clock: Clock): SessionWatch | undefined {
  const standing = resolver.standing?.bind(resolver);
  let endsTs = session.endsTs;
  if (!standing || endsTs === undefined) return undefined;
  return {
    msUntilCheck: () => Math.max(MIN_RECHECK_MS, (endsTs ?? Infinity) - clock()),
    async check() {
      const now = await standing(session);
      if (now === null) throw unknownToken("Access token was revoked");
      if ("expired" in now) throw sessionExpired();
      endsTs = now.endsTs;
    },
  };
}
