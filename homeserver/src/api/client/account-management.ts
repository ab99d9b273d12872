/**
 * Password change and deactivation (UIA: m.login.password).
 *   POST /_matrix/client/v3/account/password
 *   POST /_matrix/client/v3/account/deactivate
 *
 * Ward has no identity-server bindings, so deactivation always answers
 * `id_server_unbind_result: "no-support"`.
 */
import { clientAccount } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const accountManagementApi: ServiceArea = ({ services }) => [
  route(clientAccount.changePassword, async (req) => {
    await services.accountManagement.changePassword(req.session, req.body.new_password, req.body.logout_devices ?? true, req.body.auth);
    return {};
  }),
  route(clientAccount.deactivateAccount, async (req) => {
    await services.accountManagement.deactivate(req.session, req.body.auth);
    return { id_server_unbind_result: "no-support" as const };
  }),
];
