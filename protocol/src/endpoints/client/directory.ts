/**
 * Room aliases and the public room directory.
 *   GET    /_matrix/client/v3/directory/room/{roomAlias}
 *   PUT    /_matrix/client/v3/directory/room/{roomAlias}
 *   DELETE /_matrix/client/v3/directory/room/{roomAlias}
 *   GET    /_matrix/client/v3/rooms/{roomId}/aliases
 *   GET    /_matrix/client/v3/directory/list/room/{roomId}
 *   PUT    /_matrix/client/v3/directory/list/room/{roomId}
 *   GET    /_matrix/client/v3/publicRooms
 *   POST   /_matrix/client/v3/publicRooms
 *
 * The spec lets anyone resolve aliases and read the directory; in Ward a
 * practice's channels are for its staff, so every one of these needs a token.
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import { queryInt, queryString } from "../query.js";
import type { EmptyResponse } from "../schemas.js";
import type { PublishedRoomsChunk } from "./types.js";

export type ResolveAliasResponse = { room_id?: string; servers?: string[] };

export type Visibility = "public" | "private";

export type PublicRoomsResponse = {
  chunk: PublishedRoomsChunk[];
  next_batch?: string;
  prev_batch?: string;
  total_room_count_estimate?: number;
};

const visibility = z.enum(["public", "private"]);

export const getAlias = defineEndpoint({
  id: "client.directory.alias.get",
  summary: "Resolve a room alias to a room ID",
  method: "GET",
  ...clientV3("/directory/room/{roomAlias}"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<ResolveAliasResponse>(),
});

export const putAlias = defineEndpoint({
  id: "client.directory.alias.put",
  summary: "Create a room alias",
  method: "PUT",
  ...clientV3("/directory/room/{roomAlias}"),
  auth: "required",
  rateLimited: false,
  body: z.object({ room_id: z.string() }),
  response: jsonResponse<EmptyResponse>(),
});

export const deleteAlias = defineEndpoint({
  id: "client.directory.alias.delete",
  summary: "Remove a room alias",
  method: "DELETE",
  ...clientV3("/directory/room/{roomAlias}"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<EmptyResponse>(),
});

export const roomAliases = defineEndpoint({
  id: "client.rooms.aliases",
  summary: "The local aliases of a room",
  method: "GET",
  ...clientV3("/rooms/{roomId}/aliases"),
  auth: "required",
  rateLimited: true,
  response: jsonResponse<{ aliases: string[] }>(),
});

export const getVisibility = defineEndpoint({
  id: "client.directory.visibility.get",
  summary: "Whether a room is listed in the public directory",
  method: "GET",
  ...clientV3("/directory/list/room/{roomId}"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<{ visibility?: Visibility }>(),
});

export const setVisibility = defineEndpoint({
  id: "client.directory.visibility.put",
  summary: "List a room in, or remove it from, the public directory",
  method: "PUT",
  ...clientV3("/directory/list/room/{roomId}"),
  auth: "required",
  rateLimited: false,
  body: z.object({ visibility: visibility.optional() }),
  response: jsonResponse<EmptyResponse>(),
});

export const publicRooms = defineEndpoint({
  id: "client.publicRooms.get",
  summary: "A page of the public room directory",
  method: "GET",
  ...clientV3("/publicRooms"),
  auth: "required",
  rateLimited: false,
  query: z.object({
    limit: queryInt({ min: 0 }).optional(),
    since: queryString().optional(),
    server: queryString().optional(),
  }),
  response: jsonResponse<PublicRoomsResponse>(),
});

export const queryPublicRooms = defineEndpoint({
  id: "client.publicRooms.query",
  summary: "Search the public room directory",
  method: "POST",
  ...clientV3("/publicRooms"),
  auth: "required",
  rateLimited: false,
  query: z.object({ server: queryString().optional() }),
  body: z.object({
    limit: z.int().min(0).optional(),
    since: z.string().optional(),
    filter: z
      .object({
        generic_search_term: z.string().optional(),
        room_types: z.array(z.string().nullable()).optional(),
      })
      .optional(),
    include_all_networks: z.boolean().optional(),
    third_party_instance_id: z.string().optional(),
  }),
  response: jsonResponse<PublicRoomsResponse>(),
});
