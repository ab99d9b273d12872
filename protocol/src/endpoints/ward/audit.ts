/**
 * Ward's audit trail API, for admin users only (anyone else: 403
 * M_FORBIDDEN, itself recorded). Every use is recorded in the trail.
 *   GET  /_ward/admin/v1/audit          newest first, paginated by next_batch
 *   GET  /_ward/admin/v1/audit/export   oldest first, JSON lines (application/x-ndjson)
 *   POST /_ward/admin/v1/audit/verify   walks the hash chain
 * Filters (both GETs): user_id (the actor), room_id, action, from_ts and
 * to_ts (UTC ms, inclusive).
 */
import * as z from "zod";
import { binaryResponse, defineEndpoint, jsonResponse } from "../define.js";
import { queryInt, queryString } from "../query.js";
import { WARD_ADMIN_V1 } from "./admin.js";

/** One row of the trail, every stored field (the hash covers all but `hash`). */
export type AuditRecord = {
  seq: number;
  ts: number;
  actor: string | null;
  device_id: string | null;
  address: string | null;
  action: string;
  room_id: string | null;
  event_id: string | null;
  target_user: string | null;
  target_device: string | null;
  stream_from: number | null;
  stream_to: number | null;
  endpoint: string | null;
  outcome: "ok" | "denied" | "failed";
  errcode: string | null;
  prev_hash: string;
  hash: string;
};

export type AuditQueryResponse = { chunk: AuditRecord[]; next_batch?: string };

export type AuditVerifyResponse = { ok: boolean; rows: number; first_broken_seq?: number; reason?: string };

/** At most this many rows per page. */
export const MAX_AUDIT_PAGE = 1000;

const filters = {
  user_id: queryString().optional(),
  room_id: queryString().optional(),
  action: queryString().optional(),
  from_ts: queryInt({ min: 0 }).optional(),
  to_ts: queryInt({ min: 0 }).optional(),
};

export const queryAudit = defineEndpoint({
  id: "ward.admin.audit.query",
  summary: "Query the audit trail, newest first",
  method: "GET",
  path: `${WARD_ADMIN_V1}/audit`,
  auth: "required",
  rateLimited: false,
  query: z.object({ ...filters, limit: queryInt({ min: 1, max: MAX_AUDIT_PAGE }).optional(), since: queryString().optional() }),
  response: jsonResponse<AuditQueryResponse>(),
});

export const exportAudit = defineEndpoint({
  id: "ward.admin.audit.export",
  summary: "Export the audit trail as JSON lines, oldest first",
  method: "GET",
  path: `${WARD_ADMIN_V1}/audit/export`,
  auth: "required",
  rateLimited: false,
  query: z.object(filters),
  response: binaryResponse(),
});

export const verifyAudit = defineEndpoint({
  id: "ward.admin.audit.verify",
  summary: "Verify the audit trail's hash chain",
  method: "POST",
  path: `${WARD_ADMIN_V1}/audit/verify`,
  auth: "required",
  rateLimited: true,
  body: z.object({}),
  response: jsonResponse<AuditVerifyResponse>(),
});
