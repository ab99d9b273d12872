/**
 * Registration.
 *   POST /_matrix/client/v3/register            (UIA: m.login.dummy)
 *   GET  /_matrix/client/v3/register/available
 *
 * Only when WARD_ENABLE_REGISTRATION is set; no guests (`kind=guest` is 403
 * M_GUEST_ACCESS_FORBIDDEN). The usual way to create staff accounts is the
 * admin CLI (`npm run create-user`).
 */
import { clientRegister } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const registerApi: ServiceArea = ({ services }) => [
  route(clientRegister.register, async (req) => services.accounts.register(req.body, req.query.kind)),
  route(clientRegister.usernameAvailable, async (req) => {
    await services.accounts.checkUsernameAvailable(req.query.username);
    return { available: true };
  }),
];
