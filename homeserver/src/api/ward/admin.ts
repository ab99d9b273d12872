/**
 * Ward's admin API (admin users only; see services/admin).
 *   GET  /_ward/admin/v1/settings/idle_timeout
 *   PUT  /_ward/admin/v1/settings/idle_timeout
 *   POST /_ward/admin/v1/users/{userId}/deactivate
 */
import { wardAdmin } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const wardAdminApi: ServiceArea = ({ services }) => [
  route(wardAdmin.getIdleTimeout, async (req) => ({ idle_timeout_ms: await services.admin.idleTimeout(req.session) })),
  route(wardAdmin.setIdleTimeout, async (req) => ({
    idle_timeout_ms: await services.admin.setIdleTimeout(req.session, req.body.idle_timeout_ms),
  })),
  route(wardAdmin.deactivateUser, async (req) => {
    await services.admin.deactivateUser(req.session, req.params.userId);
    return { user_id: req.params.userId, deactivated: true as const };
  }),
];
