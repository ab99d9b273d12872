/**
 * Fetching events, state and history from a resident server.
 *   GET  /_matrix/federation/v1/event/{eventId}
 *   GET  /_matrix/federation/v1/state/{roomId}
 *   GET  /_matrix/federation/v1/state_ids/{roomId}
 *   GET  /_matrix/federation/v1/backfill/{roomId}
 *   POST /_matrix/federation/v1/get_missing_events/{roomId}
 *   GET  /_matrix/federation/v1/event_auth/{roomId}/{eventId}
 */
import * as z from "zod";
import type { Pdu } from "../../events/pdu.js";
import { defineEndpoint, jsonResponse } from "../define.js";
import { federationV1 } from "../prefixes.js";
import { queryInt, queryList, queryString } from "../query.js";
import type { PduTransaction } from "./types.js";

export type RoomStateResponse = { auth_chain: Pdu[]; pdus: Pdu[] };
export type RoomStateIdsResponse = { auth_chain_ids: string[]; pdu_ids: string[] };

const atEvent = z.object({ event_id: queryString() });

export const getEvent = defineEndpoint({
  id: "federation.event",
  summary: "One event",
  method: "GET",
  ...federationV1("/event/{eventId}"),
  auth: "server",
  rateLimited: false,
  response: jsonResponse<PduTransaction>(),
});

export const getState = defineEndpoint({
  id: "federation.state",
  summary: "Room state before an event, with its auth chain",
  method: "GET",
  ...federationV1("/state/{roomId}"),
  auth: "server",
  rateLimited: false,
  query: atEvent,
  response: jsonResponse<RoomStateResponse>(),
});

export const getStateIds = defineEndpoint({
  id: "federation.stateIds",
  summary: "IDs of the room state before an event and of its auth chain",
  method: "GET",
  ...federationV1("/state_ids/{roomId}"),
  auth: "server",
  rateLimited: false,
  query: atEvent,
  response: jsonResponse<RoomStateIdsResponse>(),
});

export const backfill = defineEndpoint({
  id: "federation.backfill",
  summary: "Earlier events, walking back from the given ones",
  method: "GET",
  ...federationV1("/backfill/{roomId}"),
  auth: "server",
  rateLimited: false,
  query: z.object({ v: queryList(), limit: queryInt({ min: 0 }) }),
  response: jsonResponse<PduTransaction>(),
});

export const getMissingEvents = defineEndpoint({
  id: "federation.getMissingEvents",
  summary: "Events between what the caller has and what it has seen referenced",
  method: "POST",
  ...federationV1("/get_missing_events/{roomId}"),
  auth: "server",
  rateLimited: false,
  body: z.object({
    limit: z.int().min(0).optional(),
    min_depth: z.int().optional(),
    earliest_events: z.array(z.string()),
    latest_events: z.array(z.string()),
  }),
  response: jsonResponse<{ events: Pdu[] }>(),
});

export const getEventAuth = defineEndpoint({
  id: "federation.eventAuth",
  summary: "The auth chain of an event",
  method: "GET",
  ...federationV1("/event_auth/{roomId}/{eventId}"),
  auth: "server",
  rateLimited: false,
  response: jsonResponse<{ auth_chain: Pdu[] }>(),
});
