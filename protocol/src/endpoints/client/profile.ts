/**
 * User profiles.
 *   GET /_matrix/client/v3/profile/{userId}
 *   GET /_matrix/client/v3/profile/{userId}/displayname
 *   PUT /_matrix/client/v3/profile/{userId}/displayname
 *   GET /_matrix/client/v3/profile/{userId}/avatar_url
 *   PUT /_matrix/client/v3/profile/{userId}/avatar_url
 *
 * The spec lets anyone read profiles; Ward's users are a practice's staff,
 * so reading needs a token too.
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import type { EmptyResponse } from "../schemas.js";
import type { ProfileFields } from "./types.js";

export const getProfile = defineEndpoint({
  id: "client.profile.get",
  summary: "A user's profile",
  method: "GET",
  ...clientV3("/profile/{userId}"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<ProfileFields>(),
});

export const getDisplayName = defineEndpoint({
  id: "client.profile.displayname.get",
  summary: "A user's display name",
  method: "GET",
  ...clientV3("/profile/{userId}/displayname"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<{ displayname?: string }>(),
});

export const setDisplayName = defineEndpoint({
  id: "client.profile.displayname.put",
  summary: "Set the user's display name",
  method: "PUT",
  ...clientV3("/profile/{userId}/displayname"),
  auth: "required",
  rateLimited: true,
  body: z.object({ displayname: z.string() }),
  response: jsonResponse<EmptyResponse>(),
});

export const getAvatarUrl = defineEndpoint({
  id: "client.profile.avatarUrl.get",
  summary: "A user's avatar (an mxc:// URI)",
  method: "GET",
  ...clientV3("/profile/{userId}/avatar_url"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<{ avatar_url?: string }>(),
});

export const setAvatarUrl = defineEndpoint({
  id: "client.profile.avatarUrl.put",
  summary: "Set the user's avatar",
  method: "PUT",
  ...clientV3("/profile/{userId}/avatar_url"),
  auth: "required",
  rateLimited: true,
  body: z.object({ avatar_url: z.string() }),
  response: jsonResponse<EmptyResponse>(),
});
