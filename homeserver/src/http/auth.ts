/**
 * Access-token authentication for Client-Server endpoints.
 *
 * The token is read ONLY from `Authorization: Bearer <token>`. Ward does not
 * accept `?access_token=` (removed from the spec in v1.20, and a token in a
 * URL ends up in proxy logs and browser history); such a request is answered
 * as if no token were sent, with a message saying where the token belongs.
 *
 * Per endpoint (`auth` in its definition):
 *   required  no token → 401 M_MISSING_TOKEN; unknown → 401 M_UNKNOWN_TOKEN
 *             (soft_logout: true only when the session ended by idle timeout
 *             or its maximum lifetime: the client may sign in again on the
 *             same device)
 *   optional  a token that resolves → its session; no token, or one that
 *             is unknown or expired → anonymous (a client holding a stale
 *             token must still reach /versions and /login to recover)
 *   none      the header is not even looked at (e.g. /versions)
 *   server    federation (X-Matrix), verified by an injected ServerAuthVerifier
 */
import type { WardContext } from "./context.js";
import { MatrixError, missingToken, unknownToken } from "./matrix-error.js";

/** 401 M_UNKNOWN_TOKEN with soft_logout: the session timed out; signing in again on the same device resumes it. */
export const sessionExpired = () => unknownToken("Session ended after inactivity; sign in again", true);

export type AuthKind = "none" | "optional" | "required" | "server";

export type Session = {
  userId: string;
  deviceId: string;
  /** Hash of the access token: how logout and revocation find the long-polls to end. */
  tokenHash: string;
  isGuest: boolean;
  /**
   * When the session ends (ctx.clock time) if the user does nothing more:
   * long-polls wait no longer than this. Undefined when it has no end.
   */
  endsTs?: number | undefined;
};

/** `{ expired: true }`: the token was valid but its session ended by idle timeout or lifetime (answered with soft_logout). */
export type ResolvedSession = Session | { expired: true } | null;

/** How a request uses its session: whether it is something the user did (see activity.ts), which resets the idle timer. */
export type SessionUse = { readonly activity: boolean };

/** A session's state now: alive until `endsTs` unless the user acts, ended by timeout, or gone (logged out). */
export type SessionStanding = { endsTs: number } | { expired: true } | null;

export interface SessionResolver {
  /** Also the place to check and touch the idle timer (`use` defaults to activity). Never log the token. */
  resolve(token: string, use?: SessionUse): Promise<ResolvedSession>;
  /** Looks again at a session resolved earlier, without counting as a use: for long-polls that outlive their resolve. */
  standing?(session: Session): Promise<SessionStanding>;
}

export interface ServerAuthVerifier {
  /** Verifies the X-Matrix signature; returns the origin server name or throws a MatrixError. */
  verify(ctx: WardContext): Promise<string>;
}

/** Nobody is logged in: what the app uses until a sessions service is wired. */
export const noSessions: SessionResolver = { resolve: async () => null };

// Ward's tokens are far shorter; anything longer is not one of ours and is not worth hashing.
const MAX_TOKEN_LENGTH = 1024;
const BEARER = /^Bearer +([^\s]+) *$/i;

export function bearerToken(ctx: WardContext): string | undefined {
  const header = ctx.get("Authorization");
  if (!header) return undefined;
  return BEARER.exec(header)?.[1];
}

export async function authenticate(
  ctx: WardContext,
  kind: "optional" | "required",
  resolver: SessionResolver,
  use: SessionUse = { activity: true },
): Promise<Session | undefined> {
  const token = bearerToken(ctx);
  if (token === undefined) {
    if (kind === "optional") return undefined;
    if (ctx.query.access_token !== undefined) {
      throw new MatrixError(401, "M_MISSING_TOKEN", "Access tokens are not accepted in the URL; send 'Authorization: Bearer <token>'");
    }
    if (ctx.get("Authorization")) throw new MatrixError(401, "M_MISSING_TOKEN", "Authorization header must use the Bearer scheme");
    throw missingToken();
  }
  const resolved = token.length > MAX_TOKEN_LENGTH ? null : await resolver.resolve(token, use);
  if (resolved === null || "expired" in resolved) {
    if (kind === "optional") return undefined;
    if (resolved === null) throw unknownToken("Unknown access token");
    throw sessionExpired();
  }
  ctx.state.session = resolved;
  return resolved;
}
