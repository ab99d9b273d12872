/**
 * Who this server is. Neither needs a signed request: a remote server must
 * be able to fetch our keys before it can check our signatures.
 *   GET /_matrix/key/v2/server
 *   GET /_matrix/federation/v1/version
 */
import { defineEndpoint, jsonResponse } from "../define.js";
import { federationV1 } from "../prefixes.js";
import type { ServerKeys } from "./types.js";

export type ServerVersionResponse = { server?: { name?: string; version?: string } };

export const serverKeys = defineEndpoint({
  id: "federation.keys.server",
  summary: "This server's signing keys, self-signed",
  method: "GET",
  path: "/_matrix/key/v2/server",
  auth: "none",
  rateLimited: false,
  response: jsonResponse<ServerKeys>(),
});

export const version = defineEndpoint({
  id: "federation.version",
  summary: "Server implementation name and version",
  method: "GET",
  ...federationV1("/version"),
  auth: "none",
  rateLimited: false,
  response: jsonResponse<ServerVersionResponse>(),
});
