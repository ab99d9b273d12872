/**
 * Ward's admin API: organisation settings and account administration, for
 * users with the admin flag only (anyone else: 403 M_FORBIDDEN). Not part of
 * Matrix; the namespace is Ward's own and versioned like the spec's.
 *   GET  /_ward/admin/v1/settings/idle_timeout
 *   PUT  /_ward/admin/v1/settings/idle_timeout
 *   POST /_ward/admin/v1/users/{userId}/deactivate
 */
import * as z from "zod";
import { defineEndpoint, jsonResponse } from "../define.js";

export const WARD_ADMIN_V1 = "/_ward/admin/v1";

/** How long a session may go without user activity before it ends (5 minutes to 4 hours). */
export type IdleTimeoutResponse = { idle_timeout_ms: number };

export type DeactivateUserResponse = { user_id: string; deactivated: true };

export const getIdleTimeout = defineEndpoint({
  id: "ward.admin.idleTimeout.get",
  summary: "The organisation's idle timeout",
  method: "GET",
  path: `${WARD_ADMIN_V1}/settings/idle_timeout`,
  auth: "required",
  rateLimited: false,
  response: jsonResponse<IdleTimeoutResponse>(),
});

export const setIdleTimeout = defineEndpoint({
  id: "ward.admin.idleTimeout.set",
  summary: "Set the organisation's idle timeout (5 minutes to 4 hours)",
  method: "PUT",
  path: `${WARD_ADMIN_V1}/settings/idle_timeout`,
  auth: "required",
  rateLimited: true,
  body: z.object({ idle_timeout_ms: z.number() }),
  response: jsonResponse<IdleTimeoutResponse>(),
});

export const deactivateUser = defineEndpoint({
  id: "ward.admin.users.deactivate",
  summary: "Deactivate a local account: its sessions end at once and it leaves its rooms",
  method: "POST",
  path: `${WARD_ADMIN_V1}/users/{userId}/deactivate`,
  auth: "required",
  rateLimited: true,
  body: z.object({}),
  response: jsonResponse<DeactivateUserResponse>(),
});
