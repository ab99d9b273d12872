/**
 * Finding users (Ward's staff directory).
 *   POST /_matrix/client/v3/user_directory/search
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";

export type UserDirectoryResponse = {
  results: Array<{ user_id: string; display_name?: string; avatar_url?: string }>;
  limited: boolean;
};

export const searchUsers = defineEndpoint({
  id: "client.userDirectory.search",
  summary: "Search users by ID and display name",
  method: "POST",
  ...clientV3("/user_directory/search"),
  auth: "required",
  rateLimited: true,
  body: z.object({ search_term: z.string(), limit: z.int().min(0).optional() }),
  response: jsonResponse<UserDirectoryResponse>(),
});
