/**
 * Account registration.
 *   POST /_matrix/client/v3/register
 *   GET  /_matrix/client/v3/register/available
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import { queryEnum, queryString } from "../query.js";
import { uiaAuth } from "../schemas.js";

export type RegisterResponse = {
  user_id: string;
  /** Absent when the request set `inhibit_login`. */
  access_token?: string;
  device_id?: string;
  refresh_token?: string;
  expires_in_ms?: number;
  home_server?: string;
};

export type UsernameAvailableResponse = { available?: boolean };

export const registerBody = z.object({
  auth: uiaAuth.optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  device_id: z.string().optional(),
  initial_device_display_name: z.string().optional(),
  inhibit_login: z.boolean().optional(),
  refresh_token: z.boolean().optional(),
});

export const register = defineEndpoint({
  id: "client.register",
  summary: "Create an account (through User-Interactive Authentication)",
  method: "POST",
  ...clientV3("/register"),
  auth: "none",
  rateLimited: true,
  query: z.object({ kind: queryEnum(["guest", "user"]).optional() }),
  body: registerBody,
  response: jsonResponse<RegisterResponse>(),
});

export const usernameAvailable = defineEndpoint({
  id: "client.register.available",
  summary: "Whether a username is free to register",
  method: "GET",
  ...clientV3("/register/available"),
  auth: "none",
  rateLimited: true,
  query: z.object({ username: queryString() }),
  response: jsonResponse<UsernameAvailableResponse>(),
});
