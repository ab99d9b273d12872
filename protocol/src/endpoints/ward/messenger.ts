/**
 * Ward's messenger API: what a clinic's staff use on top of plain rooms
 * (issue 5). Not part of Matrix; the namespace is Ward's own.
 *   POST /_ward/client/v1/direct      open (or find) a direct conversation
 *   GET  /_ward/client/v1/directory   the staff directory, paged
 *   GET  /_ward/admin/v1/settings/channel_redaction   (admins)
 *   PUT  /_ward/admin/v1/settings/channel_redaction   (admins)
 *
 * A direct conversation has a fixed member list. Opening a one-to-one with
 * someone one already has a one-to-one with answers the existing room
 * (`created: false`); a group (3 or more people) is always new.
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { queryInt, queryString } from "../query.js";
import { WARD_ADMIN_V1 } from "./admin.js";

export const WARD_CLIENT_V1 = "/_ward/client/v1";

export type OpenDirectResponse = {
  room_id: string;
  /** false when an existing one-to-one conversation was returned. */
  created: boolean;
};

export type StaffMember = { user_id: string; display_name?: string; avatar_url?: string };

export type StaffDirectoryResponse = {
  chunk: StaffMember[];
  /** Pass as `from` for the next page; absent on the last page. */
  next_batch?: string;
  /** How many staff members match, on all pages. */
  total: number;
};

export type ChannelRedactionResponse = { allowed: boolean };

export const openDirect = defineEndpoint({
  id: "ward.messenger.openDirect",
  summary: "Open a direct conversation with these people (not including oneself); a one-to-one is reused",
  method: "POST",
  path: `${WARD_CLIENT_V1}/direct`,
  auth: "required",
  rateLimited: true,
  body: z.object({
    user_ids: z.array(z.string()).min(1).max(100),
    /** A group conversation's name (ignored for a one-to-one). */
    name: z.string().max(255).optional(),
  }),
  response: jsonResponse<OpenDirectResponse>(),
});

export const staffDirectory = defineEndpoint({
  id: "ward.messenger.staffDirectory",
  summary: "List the staff directory (everyone who may be messaged), optionally filtered by a search term",
  method: "GET",
  path: `${WARD_CLIENT_V1}/directory`,
  auth: "required",
  rateLimited: true,
  query: z.object({
    search: queryString().optional(),
    limit: queryInt({ min: 1, max: 500 }).optional(),
    from: queryString().optional(),
  }),
  response: jsonResponse<StaffDirectoryResponse>(),
});

export const getChannelRedaction = defineEndpoint({
  id: "ward.admin.channelRedaction.get",
  summary: "Whether messages in channels may be deleted (redacted); never in direct conversations",
  method: "GET",
  path: `${WARD_ADMIN_V1}/settings/channel_redaction`,
  auth: "required",
  rateLimited: false,
  response: jsonResponse<ChannelRedactionResponse>(),
});

export const setChannelRedaction = defineEndpoint({
  id: "ward.admin.channelRedaction.set",
  summary: "Allow or forbid deleting messages in channels (default: forbidden, for the record)",
  method: "PUT",
  path: `${WARD_ADMIN_V1}/settings/channel_redaction`,
  auth: "required",
  rateLimited: true,
  body: z.object({ allowed: z.boolean() }),
  response: jsonResponse<ChannelRedactionResponse>(),
});
