/**
 * Joining, leaving and inviting across servers.
 *   GET /_matrix/federation/v1/make_join/{roomId}/{userId}
 *   PUT /_matrix/federation/v2/send_join/{roomId}/{eventId}
 *   GET /_matrix/federation/v1/make_leave/{roomId}/{userId}
 *   PUT /_matrix/federation/v2/send_leave/{roomId}/{eventId}
 *   PUT /_matrix/federation/v2/invite/{roomId}/{eventId}
 */
import * as z from "zod";
import type { Pdu } from "../../events/pdu.js";
import { defineEndpoint, jsonResponse } from "../define.js";
import { federationV1, federationV2 } from "../prefixes.js";
import { queryBool, queryList } from "../query.js";
import { type EmptyResponse, jsonObject } from "../schemas.js";
import { type MakeMembershipResponse, membershipPdu } from "./types.js";

export type SendJoinResponse = {
  members_omitted?: boolean;
  auth_chain: Pdu[];
  state: Pdu[];
  /** The join event with the resident server's signature added (restricted joins). */
  event?: Pdu;
  servers_in_room?: string[];
};

export type InviteResponse = { event: Pdu };

export const makeJoin = defineEndpoint({
  id: "federation.makeJoin",
  summary: "A join event template for a user of the calling server",
  method: "GET",
  ...federationV1("/make_join/{roomId}/{userId}"),
  auth: "server",
  rateLimited: false,
  // The room versions the joining server supports; one `ver` per version.
  query: z.object({ ver: queryList().optional() }),
  response: jsonResponse<MakeMembershipResponse>(),
});

export const sendJoin = defineEndpoint({
  id: "federation.sendJoin",
  summary: "Accept a signed join event and return the room state",
  method: "PUT",
  ...federationV2("/send_join/{roomId}/{eventId}"),
  auth: "server",
  rateLimited: false,
  query: z.object({ omit_members: queryBool().optional() }),
  body: membershipPdu,
  response: jsonResponse<SendJoinResponse>(),
});

export const makeLeave = defineEndpoint({
  id: "federation.makeLeave",
  summary: "A leave event template for a user of the calling server",
  method: "GET",
  ...federationV1("/make_leave/{roomId}/{userId}"),
  auth: "server",
  rateLimited: false,
  response: jsonResponse<MakeMembershipResponse>(),
});

export const sendLeave = defineEndpoint({
  id: "federation.sendLeave",
  summary: "Accept a signed leave event",
  method: "PUT",
  ...federationV2("/send_leave/{roomId}/{eventId}"),
  auth: "server",
  rateLimited: false,
  body: membershipPdu.extend({ depth: z.int() }),
  response: jsonResponse<EmptyResponse>(),
});

export const invite = defineEndpoint({
  id: "federation.invite",
  summary: "Countersign an invite for a user of this server",
  method: "PUT",
  ...federationV2("/invite/{roomId}/{eventId}"),
  auth: "server",
  rateLimited: false,
  body: z.object({
    room_version: z.string(),
    event: membershipPdu,
    invite_room_state: z.array(jsonObject).optional(),
  }),
  response: jsonResponse<InviteResponse>(),
});
