/**
 * Receipts, read markers, typing and presence: state that is not room history.
 *   POST /_matrix/client/v3/rooms/{roomId}/receipt/{receiptType}/{eventId}
 *   POST /_matrix/client/v3/rooms/{roomId}/read_markers
 *   PUT  /_matrix/client/v3/rooms/{roomId}/typing/{userId}
 *   GET  /_matrix/client/v3/presence/{userId}/status
 *   PUT  /_matrix/client/v3/presence/{userId}/status
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import type { EmptyResponse } from "../schemas.js";

const presenceState = z.enum(["online", "offline", "unavailable"]);

export type PresenceState = z.output<typeof presenceState>;

export type PresenceResponse = {
  presence: PresenceState;
  last_active_ago?: number;
  status_msg?: string | null;
  currently_active?: boolean;
};

export const sendReceipt = defineEndpoint({
  id: "client.receipts.send",
  summary: "Mark an event read (m.read, m.read.private) or move the fully-read marker",
  method: "POST",
  ...clientV3("/rooms/{roomId}/receipt/{receiptType}/{eventId}"),
  auth: "required",
  rateLimited: true,
  body: z.object({ thread_id: z.string().optional() }),
  response: jsonResponse<EmptyResponse>(),
});

export const setReadMarkers = defineEndpoint({
  id: "client.readMarkers.set",
  summary: "Set the fully-read marker and read receipts together",
  method: "POST",
  ...clientV3("/rooms/{roomId}/read_markers"),
  auth: "required",
  rateLimited: true,
  body: z.object({
    "m.fully_read": z.string().optional(),
    "m.read": z.string().optional(),
    "m.read.private": z.string().optional(),
  }),
  response: jsonResponse<EmptyResponse>(),
});

export const setTyping = defineEndpoint({
  id: "client.typing.set",
  summary: "Start or stop typing in a room",
  method: "PUT",
  ...clientV3("/rooms/{roomId}/typing/{userId}"),
  auth: "required",
  rateLimited: true,
  body: z.object({ typing: z.boolean(), timeout: z.int().min(0).optional() }),
  response: jsonResponse<EmptyResponse>(),
});

export const getPresence = defineEndpoint({
  id: "client.presence.get",
  summary: "A user's presence",
  method: "GET",
  ...clientV3("/presence/{userId}/status"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<PresenceResponse>(),
});

export const setPresence = defineEndpoint({
  id: "client.presence.set",
  summary: "Set the user's presence and status message",
  method: "PUT",
  ...clientV3("/presence/{userId}/status"),
  auth: "required",
  rateLimited: true,
  body: z.object({ presence: presenceState, status_msg: z.string().optional() }),
  response: jsonResponse<EmptyResponse>(),
});
