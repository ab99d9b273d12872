/**
 * Logging in and out.
 *   GET  /_matrix/client/v3/login        (and r0)
 *   POST /_matrix/client/v3/login
 *   POST /_matrix/client/v3/logout
 *   POST /_matrix/client/v3/logout/all
 *
 * Only m.login.password; no SSO, no login tokens, no refresh tokens (a
 * `refresh_token: true` request is answered without one, as the spec allows).
 */
import { clientLogin } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const loginApi: ServiceArea = ({ services }) => [
  route(clientLogin.getLoginFlows, async () => services.accounts.loginFlows()),
  route(clientLogin.login, async (req) => services.accounts.login(req.body, { address: req.ip })),
  route(clientLogin.logout, async (req) => {
    await services.accounts.logout(req.session);
    return {};
  }),
  route(clientLogin.logoutAll, async (req) => {
    await services.accounts.logoutAll(req.session);
    return {};
  }),
];
