/**
 * Push rules and the notifications they produce.
 *   GET    /_matrix/client/v3/pushrules/
 *   GET    /_matrix/client/v3/pushrules/global/
 *   GET    /_matrix/client/v3/pushrules/global/{kind}/{ruleId}
 *   PUT    /_matrix/client/v3/pushrules/global/{kind}/{ruleId}
 *   DELETE /_matrix/client/v3/pushrules/global/{kind}/{ruleId}
 *   GET    /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/enabled
 *   PUT    /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/enabled
 *   GET    /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/actions
 *   PUT    /_matrix/client/v3/pushrules/global/{kind}/{ruleId}/actions
 *   GET    /_matrix/client/v3/notifications
 *
 * The spec's paths for the whole rule set end in "/" and clients send it that
 * way; both spellings match. `kind` is one of the PushRuleKind values; the
 * handler checks it (a path parameter is just a string here).
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import { queryInt, queryString } from "../query.js";
import { type EmptyResponse, jsonObject } from "../schemas.js";
import type { ClientEventWithoutRoomId, PushAction, PushRule, PushRuleset } from "./types.js";

export const pushCondition = z.looseObject({
  kind: z.string(),
  key: z.string().optional(),
  pattern: z.string().optional(),
  is: z.string().optional(),
  value: z.union([z.string(), z.int(), z.boolean(), z.null()]).optional(),
});

export const pushActions = z.array(z.union([z.string(), jsonObject]));

export type Notification = {
  actions: PushAction[];
  event: ClientEventWithoutRoomId;
  profile_tag?: string;
  read: boolean;
  room_id: string;
  ts: number;
};

export type NotificationsResponse = { next_token?: string; notifications: Notification[] };

const rule = "/pushrules/global/{kind}/{ruleId}";

export const getPushRules = defineEndpoint({
  id: "client.pushrules.all",
  summary: "All of the user's push rules",
  method: "GET",
  ...clientV3("/pushrules/"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<{ global: PushRuleset }>(),
});

export const getGlobalPushRules = defineEndpoint({
  id: "client.pushrules.global",
  summary: "The user's global push rule set",
  method: "GET",
  ...clientV3("/pushrules/global/"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<PushRuleset>(),
});

export const getPushRule = defineEndpoint({
  id: "client.pushrules.rule.get",
  summary: "One push rule",
  method: "GET",
  ...clientV3(rule),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<PushRule>(),
});

export const putPushRule = defineEndpoint({
  id: "client.pushrules.rule.put",
  summary: "Create or replace a user-defined push rule",
  method: "PUT",
  ...clientV3(rule),
  auth: "required",
  rateLimited: true,
  query: z.object({ before: queryString().optional(), after: queryString().optional() }),
  body: z.object({
    actions: pushActions,
    conditions: z.array(pushCondition).optional(),
    pattern: z.string().optional(),
  }),
  response: jsonResponse<EmptyResponse>(),
});

export const deletePushRule = defineEndpoint({
  id: "client.pushrules.rule.delete",
  summary: "Delete a user-defined push rule",
  method: "DELETE",
  ...clientV3(rule),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<EmptyResponse>(),
});

export const getPushRuleEnabled = defineEndpoint({
  id: "client.pushrules.enabled.get",
  summary: "Whether a push rule is enabled",
  method: "GET",
  ...clientV3(`${rule}/enabled`),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<{ enabled: boolean }>(),
});

export const setPushRuleEnabled = defineEndpoint({
  id: "client.pushrules.enabled.put",
  summary: "Enable or disable a push rule",
  method: "PUT",
  ...clientV3(`${rule}/enabled`),
  auth: "required",
  rateLimited: false,
  body: z.object({ enabled: z.boolean() }),
  response: jsonResponse<EmptyResponse>(),
});

export const getPushRuleActions = defineEndpoint({
  id: "client.pushrules.actions.get",
  summary: "The actions of a push rule",
  method: "GET",
  ...clientV3(`${rule}/actions`),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<{ actions: PushAction[] }>(),
});

export const setPushRuleActions = defineEndpoint({
  id: "client.pushrules.actions.put",
  summary: "Change the actions of a push rule",
  method: "PUT",
  ...clientV3(`${rule}/actions`),
  auth: "required",
  rateLimited: false,
  body: z.object({ actions: pushActions }),
  response: jsonResponse<EmptyResponse>(),
});

export const notifications = defineEndpoint({
  id: "client.notifications",
  summary: "Events that notified the user, newest first",
  method: "GET",
  ...clientV3("/notifications"),
  auth: "required",
  rateLimited: false,
  query: z.object({ from: queryString().optional(), limit: queryInt({ min: 0 }).optional(), only: queryString().optional() }),
  response: jsonResponse<NotificationsResponse>(),
});
