/**
 * Joining, leaving and moderating room membership.
 *   POST /_matrix/client/v3/join/{roomIdOrAlias}
 *   POST /_matrix/client/v3/rooms/{roomId}/join
 *   POST /_matrix/client/v3/rooms/{roomId}/invite
 *   POST /_matrix/client/v3/rooms/{roomId}/leave
 *   POST /_matrix/client/v3/rooms/{roomId}/forget
 *   POST /_matrix/client/v3/rooms/{roomId}/kick
 *   POST /_matrix/client/v3/rooms/{roomId}/ban
 *   POST /_matrix/client/v3/rooms/{roomId}/unban
 *   GET  /_matrix/client/v3/joined_rooms
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import { queryList } from "../query.js";
import { type EmptyResponse, reasonBody, targetUserBody } from "../schemas.js";

export type JoinResponse = { room_id: string };

export type JoinedRoomsResponse = { joined_rooms: string[] };

export const joinBody = z.object({
  reason: z.string().optional(),
  third_party_signed: z
    .object({
      sender: z.string(),
      mxid: z.string(),
      token: z.string(),
      signatures: z.record(z.string(), z.record(z.string(), z.string())),
    })
    .optional(),
});

export const joinByIdOrAlias = defineEndpoint({
  id: "client.rooms.joinByIdOrAlias",
  summary: "Join a room given its ID or an alias",
  method: "POST",
  ...clientV3("/join/{roomIdOrAlias}"),
  auth: "required",
  rateLimited: true,
  // `server_name` is the pre-1.12 name of `via`; clients still send it.
  query: z.object({ via: queryList().optional(), server_name: queryList().optional() }),
  body: joinBody,
  response: jsonResponse<JoinResponse>(),
});

export const join = defineEndpoint({
  id: "client.rooms.join",
  summary: "Join a room given its ID",
  method: "POST",
  ...clientV3("/rooms/{roomId}/join"),
  auth: "required",
  rateLimited: true,
  body: joinBody,
  response: jsonResponse<JoinResponse>(),
});

export const invite = defineEndpoint({
  id: "client.rooms.invite",
  summary: "Invite a user to a room",
  method: "POST",
  ...clientV3("/rooms/{roomId}/invite"),
  auth: "required",
  rateLimited: true,
  body: targetUserBody,
  response: jsonResponse<EmptyResponse>(),
});

export const leave = defineEndpoint({
  id: "client.rooms.leave",
  summary: "Leave a room, or reject an invite",
  method: "POST",
  ...clientV3("/rooms/{roomId}/leave"),
  auth: "required",
  rateLimited: true,
  body: reasonBody,
  response: jsonResponse<EmptyResponse>(),
});

export const forget = defineEndpoint({
  id: "client.rooms.forget",
  summary: "Stop seeing a room the user has left",
  method: "POST",
  ...clientV3("/rooms/{roomId}/forget"),
  auth: "required",
  rateLimited: true,
  response: jsonResponse<EmptyResponse>(),
});

export const kick = defineEndpoint({
  id: "client.rooms.kick",
  summary: "Remove a user from a room",
  method: "POST",
  ...clientV3("/rooms/{roomId}/kick"),
  auth: "required",
  rateLimited: true,
  body: targetUserBody,
  response: jsonResponse<EmptyResponse>(),
});

export const ban = defineEndpoint({
  id: "client.rooms.ban",
  summary: "Ban a user from a room",
  method: "POST",
  ...clientV3("/rooms/{roomId}/ban"),
  auth: "required",
  rateLimited: true,
  body: targetUserBody,
  response: jsonResponse<EmptyResponse>(),
});

export const unban = defineEndpoint({
  id: "client.rooms.unban",
  summary: "Lift a user's ban",
  method: "POST",
  ...clientV3("/rooms/{roomId}/unban"),
  auth: "required",
  rateLimited: true,
  body: targetUserBody,
  response: jsonResponse<EmptyResponse>(),
});

export const joinedRooms = defineEndpoint({
  id: "client.rooms.joined",
  summary: "Rooms the user has joined",
  method: "GET",
  ...clientV3("/joined_rooms"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<JoinedRoomsResponse>(),
});
