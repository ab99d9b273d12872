/**
 * What the server supports.
 *   GET /_matrix/client/versions
 *   GET /_matrix/client/v3/capabilities
 */
import type { JsonValue } from "../../json.js";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";

export type VersionsResponse = {
  versions: string[];
  unstable_features?: Record<string, boolean>;
};

export type BooleanCapability = { enabled: boolean };

export type Capabilities = {
  "m.change_password"?: BooleanCapability;
  "m.room_versions"?: { default: string; available: Record<string, "stable" | "unstable"> };
  "m.set_displayname"?: BooleanCapability;
  "m.set_avatar_url"?: BooleanCapability;
  "m.3pid_changes"?: BooleanCapability;
  "m.get_login_token"?: BooleanCapability;
  "m.forget_forced_upon_leave"?: BooleanCapability;
  "m.profile_fields"?: { enabled: boolean; allowed?: string[]; disallowed?: string[] };
  [name: string]: JsonValue | undefined;
};

export type CapabilitiesResponse = { capabilities: Capabilities };

export const versions = defineEndpoint({
  id: "client.versions",
  summary: "Spec versions and unstable features the server supports",
  method: "GET",
  path: "/_matrix/client/versions",
  auth: "optional",
  rateLimited: false,
  response: jsonResponse<VersionsResponse>(),
});

export const capabilities = defineEndpoint({
  id: "client.capabilities",
  summary: "What the user may do on this server (change password, room versions, ...)",
  method: "GET",
  ...clientV3("/capabilities"),
  auth: "required",
  rateLimited: true,
  response: jsonResponse<CapabilitiesResponse>(),
});
