/**
 * The logged-in account.
 *   GET /_matrix/client/v3/account/whoami
 *
 * Password change and deactivation (POST /account/password, /account/deactivate)
 * come with the devices issue; they will use services.accounts.uia with the
 * m.login.password stage.
 */
import { clientAccount } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const accountApi: ServiceArea = () => [
  // The session is already resolved by the auth middleware: nothing more to look up.
  route(clientAccount.whoami, async (req) => ({ user_id: req.session.userId, device_id: req.session.deviceId, is_guest: false })),
];
