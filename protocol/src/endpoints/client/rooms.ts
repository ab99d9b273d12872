/**
 * Creating rooms and reading or setting their state.
 *   POST /_matrix/client/v3/createRoom
 *   GET  /_matrix/client/v3/rooms/{roomId}/members
 *   GET  /_matrix/client/v3/rooms/{roomId}/joined_members
 *   GET  /_matrix/client/v3/rooms/{roomId}/state
 *   GET  /_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}
 *   PUT  /_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}
 *   GET  /_matrix/client/v3/rooms/{roomId}/event/{eventId}
 *
 * The state key is often empty; the spec then makes its trailing slash
 * optional, hence `emptyLastParam`.
 */
import * as z from "zod";
import type { JsonObject } from "../../json.js";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import { queryEnum, queryString } from "../query.js";
import { jsonObject } from "../schemas.js";
import type { ClientEvent } from "./types.js";

export type CreateRoomResponse = { room_id: string };
export type MembersResponse = { chunk?: ClientEvent[] };
export type JoinedMembersResponse = { joined?: Record<string, { display_name?: string; avatar_url?: string }> };
/** `format=event` gives the whole event; the default is its content. */
export type StateEventResponse = JsonObject | ClientEvent;
export type EventIdResponse = { event_id: string };

const membership = ["join", "invite", "knock", "leave", "ban"] as const;

export const createRoomBody = z.object({
  visibility: z.enum(["public", "private"]).optional(),
  room_alias_name: z.string().optional(),
  name: z.string().optional(),
  topic: z.string().optional(),
  invite: z.array(z.string()).optional(),
  invite_3pid: z
    .array(z.object({ id_server: z.string(), id_access_token: z.string(), medium: z.string(), address: z.string() }))
    .optional(),
  room_version: z.string().optional(),
  creation_content: jsonObject.optional(),
  initial_state: z.array(z.object({ type: z.string(), state_key: z.string().optional(), content: jsonObject })).optional(),
  preset: z.enum(["private_chat", "public_chat", "trusted_private_chat"]).optional(),
  is_direct: z.boolean().optional(),
  power_level_content_override: jsonObject.optional(),
});

export const createRoom = defineEndpoint({
  id: "client.rooms.create",
  summary: "Create a room",
  method: "POST",
  ...clientV3("/createRoom"),
  auth: "required",
  rateLimited: true,
  body: createRoomBody,
  response: jsonResponse<CreateRoomResponse>(),
});

export const members = defineEndpoint({
  id: "client.rooms.members",
  summary: "Membership events of a room",
  method: "GET",
  ...clientV3("/rooms/{roomId}/members"),
  auth: "required",
  rateLimited: false,
  query: z.object({
    at: queryString().optional(),
    membership: queryEnum(membership).optional(),
    not_membership: queryEnum(membership).optional(),
  }),
  response: jsonResponse<MembersResponse>(),
});

export const joinedMembers = defineEndpoint({
  id: "client.rooms.joinedMembers",
  summary: "Joined members of a room with their display names and avatars",
  method: "GET",
  ...clientV3("/rooms/{roomId}/joined_members"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<JoinedMembersResponse>(),
});

export const state = defineEndpoint({
  id: "client.rooms.state",
  summary: "The current state of a room",
  method: "GET",
  ...clientV3("/rooms/{roomId}/state"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<ClientEvent[]>(),
});

export const getStateEvent = defineEndpoint({
  id: "client.rooms.state.get",
  summary: "One state event of a room (its content by default)",
  method: "GET",
  ...clientV3("/rooms/{roomId}/state/{eventType}/{stateKey}"),
  emptyLastParam: true,
  auth: "required",
  rateLimited: false,
  query: z.object({ format: queryEnum(["content", "event"]).optional() }),
  response: jsonResponse<StateEventResponse>(),
});

export const putStateEvent = defineEndpoint({
  id: "client.rooms.state.put",
  summary: "Send a state event; the body is its content",
  method: "PUT",
  ...clientV3("/rooms/{roomId}/state/{eventType}/{stateKey}"),
  emptyLastParam: true,
  auth: "required",
  rateLimited: true,
  body: jsonObject,
  response: jsonResponse<EventIdResponse>(),
});

export const getEvent = defineEndpoint({
  id: "client.rooms.event",
  summary: "One event of a room",
  method: "GET",
  ...clientV3("/rooms/{roomId}/event/{eventId}"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<ClientEvent>(),
});
