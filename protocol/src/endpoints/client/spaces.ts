/**
 * Space hierarchy.
 *   GET /_matrix/client/v1/rooms/{roomId}/hierarchy
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV1 } from "../prefixes.js";
import { queryBool, queryInt, queryString } from "../query.js";
import type { PublishedRoomsChunk, StrippedStateEvent } from "./types.js";

export type SpaceHierarchyRoom = PublishedRoomsChunk & {
  allowed_room_ids?: string[];
  encryption?: string;
  room_version?: string;
  /** The room's `m.space.child` events, with their timestamps. */
  children_state: Array<StrippedStateEvent & { origin_server_ts: number }>;
};

export type HierarchyResponse = { rooms: SpaceHierarchyRoom[]; next_batch?: string };

export const hierarchy = defineEndpoint({
  id: "client.rooms.hierarchy",
  summary: "The rooms of a space, depth first",
  method: "GET",
  ...clientV1("/rooms/{roomId}/hierarchy"),
  auth: "required",
  rateLimited: true,
  query: z.object({
    suggested_only: queryBool().optional(),
    limit: queryInt({ min: 0 }).optional(),
    max_depth: queryInt({ min: 0 }).optional(),
    from: queryString().optional(),
  }),
  response: jsonResponse<HierarchyResponse>(),
});
