/**
 * Path prefixes. Client-Server v3 endpoints are also served under `r0`,
 * which older clients and bot SDKs still call; the shapes did not change.
 */

export function clientV3<const P extends string>(rest: P) {
  return { path: `/_matrix/client/v3${rest}`, aliases: [`/_matrix/client/r0${rest}`] } as const;
}

export function clientV1<const P extends string>(rest: P) {
  return { path: `/_matrix/client/v1${rest}` } as const;
}

export function federationV1<const P extends string>(rest: P) {
  return { path: `/_matrix/federation/v1${rest}` } as const;
}

export function federationV2<const P extends string>(rest: P) {
  return { path: `/_matrix/federation/v2${rest}` } as const;
}
