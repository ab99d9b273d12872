/**
 * The logged-in account.
 *   GET  /_matrix/client/v3/account/whoami
 *   POST /_matrix/client/v3/account/password
 *   POST /_matrix/client/v3/account/deactivate
 *
 * The spec lets password change and deactivation run on UIA alone (for
 * e-mail based reset); Ward has no e-mail reset, so both need a token.
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import { type EmptyResponse, uiaAuth } from "../schemas.js";

export type WhoamiResponse = { user_id: string; device_id?: string; is_guest?: boolean };

export type DeactivateResponse = { id_server_unbind_result: "success" | "no-support" };

export const whoami = defineEndpoint({
  id: "client.account.whoami",
  summary: "The user and device an access token belongs to",
  method: "GET",
  ...clientV3("/account/whoami"),
  auth: "required",
  rateLimited: true,
  response: jsonResponse<WhoamiResponse>(),
});

export const changePassword = defineEndpoint({
  id: "client.account.password",
  summary: "Change the account password (UIA)",
  method: "POST",
  ...clientV3("/account/password"),
  auth: "required",
  rateLimited: true,
  body: z.object({
    new_password: z.string(),
    logout_devices: z.boolean().optional(),
    auth: uiaAuth.optional(),
  }),
  response: jsonResponse<EmptyResponse>(),
});

export const deactivateAccount = defineEndpoint({
  id: "client.account.deactivate",
  summary: "Deactivate the account (UIA)",
  method: "POST",
  ...clientV3("/account/deactivate"),
  auth: "required",
  rateLimited: true,
  body: z.object({
    auth: uiaAuth.optional(),
    id_server: z.string().optional(),
    erase: z.boolean().optional(),
  }),
  response: jsonResponse<DeactivateResponse>(),
});
