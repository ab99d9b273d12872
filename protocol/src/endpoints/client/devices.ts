/**
 * The user's devices (one per login session).
 *   GET    /_matrix/client/v3/devices
 *   GET    /_matrix/client/v3/devices/{deviceId}
 *   PUT    /_matrix/client/v3/devices/{deviceId}
 *   DELETE /_matrix/client/v3/devices/{deviceId}
 *   POST   /_matrix/client/v3/delete_devices
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { clientV3 } from "../prefixes.js";
import { type EmptyResponse, uiaAuth } from "../schemas.js";
import type { Device } from "./types.js";

export const listDevices = defineEndpoint({
  id: "client.devices.list",
  summary: "All of the user's devices",
  method: "GET",
  ...clientV3("/devices"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<{ devices?: Device[] }>(),
});

export const getDevice = defineEndpoint({
  id: "client.devices.get",
  summary: "One of the user's devices",
  method: "GET",
  ...clientV3("/devices/{deviceId}"),
  auth: "required",
  rateLimited: false,
  response: jsonResponse<Device>(),
});

export const updateDevice = defineEndpoint({
  id: "client.devices.update",
  summary: "Rename a device",
  method: "PUT",
  ...clientV3("/devices/{deviceId}"),
  auth: "required",
  rateLimited: false,
  body: z.object({ display_name: z.string().optional() }),
  response: jsonResponse<EmptyResponse>(),
});

export const deleteDevice = defineEndpoint({
  id: "client.devices.delete",
  summary: "Log a device out and delete it (UIA)",
  method: "DELETE",
  ...clientV3("/devices/{deviceId}"),
  auth: "required",
  rateLimited: false,
  body: z.object({ auth: uiaAuth.optional() }),
  response: jsonResponse<EmptyResponse>(),
});

export const deleteDevices = defineEndpoint({
  id: "client.devices.deleteMany",
  summary: "Log several devices out and delete them (UIA)",
  method: "POST",
  ...clientV3("/delete_devices"),
  auth: "required",
  rateLimited: false,
  body: z.object({ devices: z.array(z.string()), auth: uiaAuth.optional() }),
  response: jsonResponse<EmptyResponse>(),
});
