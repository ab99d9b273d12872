/**
 * The Koa app: the middleware chain and the API areas it routes to.
 *
 *   security headers → request id → access log → CORS / OPTIONS → audit
 *   scope and denials → error mapper → drain guard → router [per route: body → auth (idle timeout)
 *   → rate limit → validate → handler] → not found (404 / 405 M_UNRECOGNIZED)
 *
 * Adding an API area is one file in api/ plus one line in API_AREAS.
 */
import Koa from "koa";
import { versionsApi } from "./api/client/versions.js";
import { accountApi } from "./api/client/account.js";
import { capabilitiesApi } from "./api/client/capabilities.js";
import { loginApi } from "./api/client/login.js";
import { registerApi } from "./api/client/register.js";
import { membershipApi } from "./api/client/membership.js";
import { roomReadApi } from "./api/client/room-read.js";
import { roomsApi } from "./api/client/rooms.js";
import { sendApi } from "./api/client/send.js";
import { stateApi } from "./api/client/state.js";
import { syncApi } from "./api/client/sync.js";
import { filterApi } from "./api/client/filter.js";
import { messagesApi } from "./api/client/messages.js";
import { pushRulesApi } from "./api/client/push-rules.js";
import { profileApi } from "./api/client/profile.js";
import { accountDataApi } from "./api/client/account-data.js";
import { devicesApi } from "./api/client/devices.js";
import { directoryApi } from "./api/client/directory.js";
import { accountManagementApi } from "./api/client/account-management.js";
import { userDirectoryApi } from "./api/client/user-directory.js";
import { hierarchyApi } from "./api/client/hierarchy.js";
import { ephemeralApi } from "./api/client/ephemeral.js";
import { mediaApi } from "./api/client/media.js";
import { wardAdminApi } from "./api/ward/admin.js";
import { wardAuditApi } from "./api/ward/audit.js";
import { wardStaffApi } from "./api/ward/staff.js";
import { wardMessengerRoomsApi } from "./api/ward/messenger-rooms.js";
import { auditTrail } from "./http/audit-trail.js";
import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import { accessLog } from "./http/access-log.js";
import type { ServerAuthVerifier, SessionResolver } from "./http/auth.js";
import type { WardState } from "./http/context.js";
import { cors } from "./http/cors.js";
import { Lifecycle } from "./http/drain.js";
import { errorMapper } from "./http/errors.js";
import { notFound } from "./http/not-found.js";
import { createRateLimiter, type RateLimiter } from "./http/rate-limit.js";
import { requestId } from "./http/request-id.js";
import { securityHeaders } from "./http/security-headers.js";
import type { ApiArea, ServiceArea } from "./http/route.js";
import type { Services } from "./services/index.js";
import { RouteTable } from "./http/route-table.js";
import { router } from "./http/router.js";

/** API areas that need no services (discovery). */
export const API_AREAS: readonly ApiArea[] = [versionsApi];

/** API areas backed by services; served when `deps.services` is present (always, outside narrow HTTP-layer tests). */
export const SERVICE_AREAS: readonly ServiceArea[] = [loginApi, registerApi, accountApi, capabilitiesApi, roomsApi, membershipApi, sendApi, stateApi, roomReadApi, syncApi, filterApi, messagesApi, pushRulesApi, devicesApi, profileApi, accountDataApi, accountManagementApi, userDirectoryApi, hierarchyApi, directoryApi, ephemeralApi, mediaApi, wardAdminApi, wardAuditApi, wardStaffApi, wardMessengerRoomsApi];

/**
 * What handlers and middleware need. Later issues add their services here
 * (rooms, sync, users, media, ...) as named, typed fields; API areas receive
 * the whole object and take what they use.
 */
export type AppDeps = {
  readonly config: Config;
  readonly logger: Logger;
  readonly sessionResolver: SessionResolver;
  /** Defaults to token buckets from config.rateLimits (none when WARD_RATE_LIMITS=false). */
  readonly rateLimiter?: RateLimiter | undefined;
  /** Federation request verification; without it, `auth: "server"` endpoints answer 403. */
  readonly serverAuth?: ServerAuthVerifier | undefined;
  /** Shutdown coordination; startHomeserver passes the one it drains. */
  readonly lifecycle?: Lifecycle | undefined;
  /** The domain services; without them only API_AREAS are served. */
  readonly services?: Services | undefined;
};

export type CreateAppOptions = {
  /** The API areas to serve; tests pass their own. */
  areas?: readonly ApiArea[];
};

export type WardApp = Koa<WardState> & { readonly lifecycle: Lifecycle };

export function createApp(deps: AppDeps, options: CreateAppOptions = {}): WardApp {
  const lifecycle = deps.lifecycle ?? new Lifecycle();
  const services = deps.services;
  const serviceRoutes = services && !options.areas ? SERVICE_AREAS.flatMap((area) => area({ ...deps, services })) : [];
  const table = new RouteTable([...(options.areas ?? API_AREAS).flatMap((area) => area(deps)), ...serviceRoutes]);
  // Behind a trusted proxy, take the address the proxy itself appended (the last
  // X-Forwarded-For entry), not the first, which the client can write.
  const app = new Koa<WardState>({ proxy: deps.config.trustProxy, maxIpsCount: 1 });
  // Errors never escape the error mapper; this only reports failures writing a response.
  app.silent = true;
  app.on("error", (err: unknown) => deps.logger.warn({ err }, "response error"));

  app.use(securityHeaders({ tls: deps.config.tls !== undefined }));
  app.use(requestId(deps.logger));
  app.use(accessLog());
  app.use(cors());
  // Outside the error mapper: it sees every final 401/403 (denials are audited).
  if (services) app.use(auditTrail(services.audit));
  app.use(errorMapper());
  app.use(lifecycle.middleware());
  app.use(
    router(table, {
      config: deps.config,
      sessionResolver: deps.sessionResolver,
      rateLimiter: deps.rateLimiter ?? createRateLimiter(deps.config.rateLimits),
      serverAuth: deps.serverAuth,
      shutdownSignal: lifecycle.signal,
    }),
  );
  app.use(notFound(table));
  return Object.assign(app, { lifecycle });
}
