/**
 * Spec versions Ward speaks.
 *   GET /_matrix/client/versions
 *
 * Open to everyone: the endpoint's auth is "optional", and a missing, unknown
 * or expired token is simply ignored, so a client with a stale token can
 * still discover the server before logging in again.
 *
 * matrix-js-sdk refuses servers that list none of its supported versions
 * (v1.1 and up; recent releases want at least v1.5); matrix-bot-sdk wants
 * one of the two newest. The r0 releases are listed because every v3
 * endpoint is also served under its r0 path for older clients.
 */
import { clientDiscovery } from "@ward/protocol";
import { route, type ApiArea } from "../../http/route.js";

export const SUPPORTED_VERSIONS: readonly string[] = Object.freeze([
  "r0.0.1",
  "r0.1.0",
  "r0.2.0",
  "r0.3.0",
  "r0.4.0",
  "r0.5.0",
  "r0.6.0",
  "r0.6.1",
  ...Array.from({ length: 16 }, (_, i) => `v1.${i + 1}`),
]);

export const versionsApi: ApiArea = () => [
  route(clientDiscovery.versions, async () => ({ versions: [...SUPPORTED_VERSIONS], unstable_features: {} })),
];
