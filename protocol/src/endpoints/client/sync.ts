/**
 * Sync and the filters it uses.
 *   GET  /_matrix/client/v3/sync
 *   POST /_matrix/client/v3/user/{userId}/filter
 *   GET  /_matrix/client/v3/user/{userId}/filter/{filterId}
 *
 * /sync's `filter` is a filter ID or an inline JSON filter; the handler
 * tells them apart (JSON starts with "{") and parses JSON with
 * `filterDefinition`.
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import { queryBool, queryEnum, queryInt, queryString } from "../query.js";
import { type FilterDefinition, filterDefinition } from "./filter.js";
import type { SyncResponse } from "./sync-types.js";

export type CreateFilterResponse = { filter_id: string };

export const sync = defineEndpoint({
  id: "client.sync",
  summary: "Changes since a sync token (long-polls up to `timeout` ms)",
  method: "GET",
  ...clientV3("/sync"),
  auth: "required",
  rateLimited: false,
  query: z.object({
    filter: queryString().optional(),
    since: queryString().optional(),
    full_state: queryBool().optional(),
    set_presence: queryEnum(["offline", "online", "unavailable"]).optional(),
    timeout: queryInt({ min: 0 }).optional(),
    use_state_after: queryBool().optional(),
  }),
  response: jsonResponse<SyncResponse>(),
});

export const createFilter = defineEndpoint({
  id: "client.filter.create",
  summary: "Store a filter for later use by ID",
  method: "POST",
  ...clientV3("/user/{userId}/filter"),
  auth: "required",
  rateLimited: false,
  body: filterDefinition,
  response: jsonResponse<CreateFilterResponse>(),
});

export const getFilter = defineEndpoint({
  id: "client.filter.get",
  summary: "A stored filter",
  method: "GET",
  ...clientV3("/user/{userId}/filter/{filterId}"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<FilterDefinition>(),
});
export type * from "./sync-types.js";
