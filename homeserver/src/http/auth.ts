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
 *             (soft_logout: true only when the session ended by idle timeout)
 *   optional  a token that resolves → its session; no token, or one that
 *             is unknown or expired → anonymous (a client holding a stale
 *             token must still reach /versions and /login to recover)
 *   none      the header is not even looked at (e.g. /versions)
 *   server    federation (X-Matrix), verified by an injected ServerAuthVerifier
 */
import type { WardContext } from "./context.js";
import { MatrixError, missingToken, unknownToken } from "./matrix-error.js";

export type AuthKind = "none" | "optional" | "required" | "server";

export type Session = {
  userId: string;
  deviceId: string;
  /** Hash of the access token: how logout and revocation find the long-polls to end. */
  tokenHash: string;
  isGuest: boolean;
};

/** `{ expired: true }`: the token was valid but its session ended by idle timeout (answered with soft_logout). */
export type ResolvedSession = Session | { expired: true } | null;

export interface SessionResolver {
  /** Also the place to check and touch the idle timer. Never log the token. */
  resolve(token: string): Promise<ResolvedSession>;
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

export async function authenticate(ctx: WardContext, kind: "optional" | "required", resolver: SessionResolver): Promise<Session | undefined> {
  const token = bearerToken(ctx);
  if (token === undefined) {
    if (kind === "optional") return undefined;
    if (ctx.query.access_token !== undefined) {
      throw new MatrixError(401, "M_MISSING_TOKEN", "Access tokens are not accepted in the URL; send 'Authorization: Bearer <token>'");
    }
    if (ctx.get("Authorization")) throw new MatrixError(401, "M_MISSING_TOKEN", "Authorization header must use the Bearer scheme");
    throw missingToken();
  }
  const resolved = token.length > MAX_TOKEN_LENGTH ? null : await resolver.resolve(token);
  if (resolved === null || "expired" in resolved) {
    if (kind === "optional") return undefined;
    if (resolved === null) throw unknownToken("Unknown access token");
    throw unknownToken("Session ended after inactivity; log in again", true);
  }
  ctx.state.session = resolved;
  return resolved;
}
