/**
 * Questions a server answers about its own users and aliases.
 *   GET /_matrix/federation/v1/query/directory
 *   GET /_matrix/federation/v1/query/profile
 */
import * as z from "zod";
import type { ProfileFields } from "../client/types.js";
import { defineEndpoint, jsonResponse } from "../define.js";
import { federationV1 } from "../prefixes.js";
import { queryString } from "../query.js";

export const queryDirectory = defineEndpoint({
  id: "federation.query.directory",
  summary: "Resolve one of this server's room aliases",
  method: "GET",
  ...federationV1("/query/directory"),
  auth: "server",
  rateLimited: false,
  query: z.object({ room_alias: queryString() }),
  response: jsonResponse<{ room_id: string; servers: string[] }>(),
});

export const queryProfile = defineEndpoint({
  id: "federation.query.profile",
  summary: "The profile of one of this server's users",
  method: "GET",
  ...federationV1("/query/profile"),
  auth: "server",
  rateLimited: false,
  query: z.object({ user_id: queryString(), field: queryString().optional() }),
  response: jsonResponse<ProfileFields>(),
});
