/**
 * Sending and reading room messages.
 *   PUT /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}
 *   PUT /_matrix/client/v3/rooms/{roomId}/redact/{eventId}/{txnId}
 *   GET /_matrix/client/v3/rooms/{roomId}/messages
 *   GET /_matrix/client/v3/rooms/{roomId}/context/{eventId}
 *
 * `filter` stays a string here: it is JSON (a RoomEventFilter, see
 * filter.ts) and the handler parses it with `roomEventFilter`.
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import { queryEnum, queryInt, queryString } from "../query.js";
import { jsonObject } from "../schemas.js";
import type { ClientEvent } from "./types.js";

export type SendResponse = { event_id: string };
/** The spec leaves `event_id` optional here. */
export type RedactResponse = { event_id?: string };

export type MessagesResponse = {
  start: string;
  end?: string;
  chunk: ClientEvent[];
  state?: ClientEvent[];
};

export type ContextResponse = {
  start?: string;
  end?: string;
  events_before?: ClientEvent[];
  event?: ClientEvent;
  events_after?: ClientEvent[];
  state?: ClientEvent[];
};

export const send = defineEndpoint({
  id: "client.rooms.send",
  summary: "Send a message event; the body is its content",
  method: "PUT",
  ...clientV3("/rooms/{roomId}/send/{eventType}/{txnId}"),
  auth: "required",
  rateLimited: true,
  body: jsonObject,
  response: jsonResponse<SendResponse>(),
});

export const redact = defineEndpoint({
  id: "client.rooms.redact",
  summary: "Redact an event",
  method: "PUT",
  ...clientV3("/rooms/{roomId}/redact/{eventId}/{txnId}"),
  auth: "required",
  rateLimited: true,
  body: z.object({ reason: z.string().optional() }),
  response: jsonResponse<RedactResponse>(),
});

export const messages = defineEndpoint({
  id: "client.rooms.messages",
  summary: "Page through a room's timeline",
  method: "GET",
  ...clientV3("/rooms/{roomId}/messages"),
  auth: "required",
  rateLimited: false,
  query: z.object({
    from: queryString().optional(),
    to: queryString().optional(),
    dir: queryEnum(["b", "f"]),
    limit: queryInt({ min: 0 }).optional(),
    filter: queryString().optional(),
  }),
  response: jsonResponse<MessagesResponse>(),
});

export const context = defineEndpoint({
  id: "client.rooms.context",
  summary: "Events just before and after an event",
  method: "GET",
  ...clientV3("/rooms/{roomId}/context/{eventId}"),
  auth: "required",
  rateLimited: false,
  query: z.object({ limit: queryInt({ min: 0 }).optional(), filter: queryString().optional() }),
  response: jsonResponse<ContextResponse>(),
});
