/**
 * Media: upload, and authenticated download (Matrix 1.11).
 *   POST /_matrix/media/v3/upload
 *   GET  /_matrix/client/v1/media/download/{serverName}/{mediaId}
 *   GET  /_matrix/client/v1/media/download/{serverName}/{mediaId}/{fileName}
 *   GET  /_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}
 *   GET  /_matrix/client/v1/media/config
 *
 * The old unauthenticated `/_matrix/media/v3/download` and `/thumbnail` are
 * deliberately absent: media may hold patient data, so every read needs a
 * token.
 */
import { z } from "zod";
import { binaryResponse, defineEndpoint, jsonResponse } from "./define.js";
import { clientV1 } from "./prefixes.js";
import { queryBool, queryEnum, queryInt, queryString } from "./query.js";

export type UploadResponse = { content_uri: string };

export type MediaConfigResponse = { "m.upload.size"?: number };

const timeout = { timeout_ms: queryInt({ min: 0 }).optional() };

export const upload = defineEndpoint({
  id: "media.upload",
  summary: "Upload a file; the body is its bytes, Content-Type its type",
  method: "POST",
  path: "/_matrix/media/v3/upload",
  aliases: ["/_matrix/media/r0/upload"],
  auth: "required",
  rateLimited: true,
  binaryBody: true,
  query: z.object({ filename: queryString().optional() }),
  response: jsonResponse<UploadResponse>(),
});

export const download = defineEndpoint({
  id: "media.download",
  summary: "Download a file",
  method: "GET",
  ...clientV1("/media/download/{serverName}/{mediaId}"),
  auth: "required",
  rateLimited: true,
  query: z.object(timeout),
  response: binaryResponse(),
});

export const downloadWithName = defineEndpoint({
  id: "media.downloadWithName",
  summary: "Download a file under a given file name",
  method: "GET",
  ...clientV1("/media/download/{serverName}/{mediaId}/{fileName}"),
  auth: "required",
  rateLimited: true,
  query: z.object(timeout),
  response: binaryResponse(),
});

export const thumbnail = defineEndpoint({
  id: "media.thumbnail",
  summary: "A thumbnail of an image",
  method: "GET",
  ...clientV1("/media/thumbnail/{serverName}/{mediaId}"),
  auth: "required",
  rateLimited: true,
  query: z.object({
    width: queryInt({ min: 1 }),
    height: queryInt({ min: 1 }),
    method: queryEnum(["crop", "scale"]).optional(),
    animated: queryBool().optional(),
    ...timeout,
  }),
  response: binaryResponse(),
});

export const config = defineEndpoint({
  id: "media.config",
  summary: "Upload limits",
  method: "GET",
  ...clientV1("/media/config"),
  auth: "required",
  rateLimited: true,
  response: jsonResponse<MediaConfigResponse>(),
});
