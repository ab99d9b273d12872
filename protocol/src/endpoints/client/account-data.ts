/**
 * Per-user and per-room account data: opaque JSON objects keyed by type.
 *   GET /_matrix/client/v3/user/{userId}/account_data/{type}
 *   PUT /_matrix/client/v3/user/{userId}/account_data/{type}
 *   GET /_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}
 *   PUT /_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}
 */
import type { JsonObject } from "../../json.js";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import { type EmptyResponse, jsonObject } from "../schemas.js";

export const getAccountData = defineEndpoint({
  id: "client.accountData.get",
  summary: "One piece of the user's global account data",
  method: "GET",
  ...clientV3("/user/{userId}/account_data/{type}"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<JsonObject>(),
});

export const setAccountData = defineEndpoint({
  id: "client.accountData.put",
  summary: "Set one piece of the user's global account data",
  method: "PUT",
  ...clientV3("/user/{userId}/account_data/{type}"),
  auth: "required",
  rateLimited: false,
  body: jsonObject,
  response: jsonResponse<EmptyResponse>(),
});

export const getRoomAccountData = defineEndpoint({
  id: "client.accountData.room.get",
  summary: "One piece of the user's account data for a room",
  method: "GET",
  ...clientV3("/user/{userId}/rooms/{roomId}/account_data/{type}"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<JsonObject>(),
});

export const setRoomAccountData = defineEndpoint({
  id: "client.accountData.room.put",
  summary: "Set one piece of the user's account data for a room",
  method: "PUT",
  ...clientV3("/user/{userId}/rooms/{roomId}/account_data/{type}"),
  auth: "required",
  rateLimited: false,
  body: jsonObject,
  response: jsonResponse<EmptyResponse>(),
});
