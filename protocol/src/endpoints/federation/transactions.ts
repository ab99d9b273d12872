/**
 * Pushing events to another server.
 *   PUT /_matrix/federation/v1/send/{txnId}
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";
import { federationV1 } from "../prefixes.js";
import { jsonObject } from "../schemas.js";

export type SendTransactionResponse = {
  /** Event ID → outcome; an `error` means that PDU was rejected, the rest of the transaction stands. */
  pdus: Record<string, { error?: string }>;
};

export const transactionBody = z.object({
  origin: z.string(),
  origin_server_ts: z.int(),
  // Limits from the spec (server-server API, "Transactions").
  pdus: z.array(jsonObject).max(50),
  edus: z.array(z.looseObject({ edu_type: z.string(), content: jsonObject })).max(100).optional(),
});

export const sendTransaction = defineEndpoint({
  id: "federation.send",
  summary: "Receive a transaction of PDUs and EDUs",
  method: "PUT",
  ...federationV1("/send/{txnId}"),
  auth: "server",
  rateLimited: false,
  body: transactionBody,
  response: jsonResponse<SendTransactionResponse>(),
});
