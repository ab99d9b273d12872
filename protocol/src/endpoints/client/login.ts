/**
 * Sessions: logging in and out.
 *   GET  /_matrix/client/v3/login
 *   POST /_matrix/client/v3/login
 *   POST /_matrix/client/v3/logout
 *   POST /_matrix/client/v3/logout/all
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import { type EmptyResponse, userIdentifier } from "../schemas.js";

export type LoginFlow = { type: string; get_login_token?: boolean };

export type LoginFlowsResponse = { flows?: LoginFlow[] };

export type DiscoveryInfo = {
  "m.homeserver": { base_url: string };
  "m.identity_server"?: { base_url: string };
};

export type LoginResponse = {
  user_id: string;
  access_token: string;
  device_id: string;
  refresh_token?: string;
  expires_in_ms?: number;
  /** Deprecated by the spec; clients take the server name from user_id. */
  home_server?: string;
  well_known?: DiscoveryInfo;
};

export const loginBody = z.object({
  type: z.string(),
  identifier: userIdentifier.optional(),
  /** Deprecated login fields, still sent by old clients; `identifier` replaces them. */
  user: z.string().optional(),
  medium: z.string().optional(),
  address: z.string().optional(),
  password: z.string().optional(),
  token: z.string().optional(),
  device_id: z.string().optional(),
  initial_device_display_name: z.string().optional(),
  refresh_token: z.boolean().optional(),
});

export const getLoginFlows = defineEndpoint({
  id: "client.login.flows",
  summary: "Login types the server accepts",
  method: "GET",
  ...clientV3("/login"),
  auth: "none",
  rateLimited: true,
  response: jsonResponse<LoginFlowsResponse>(),
});

export const login = defineEndpoint({
  id: "client.login",
  summary: "Log in and get an access token for a (new or existing) device",
  method: "POST",
  ...clientV3("/login"),
  auth: "none",
  rateLimited: true,
  body: loginBody,
  response: jsonResponse<LoginResponse>(),
});

export const logout = defineEndpoint({
  id: "client.logout",
  summary: "Invalidate this access token and its device",
  method: "POST",
  ...clientV3("/logout"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<EmptyResponse>(),
});

export const logoutAll = defineEndpoint({
  id: "client.logout.all",
  summary: "Invalidate every access token of the user",
  method: "POST",
  ...clientV3("/logout/all"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<EmptyResponse>(),
});
