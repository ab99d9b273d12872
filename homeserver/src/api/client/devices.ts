/**
 * The caller's own devices.
 *   GET    /_matrix/client/v3/devices
 *   GET    /_matrix/client/v3/devices/{deviceId}
 *   PUT    /_matrix/client/v3/devices/{deviceId}
 *   DELETE /_matrix/client/v3/devices/{deviceId}   (UIA: m.login.password)
 *   POST   /_matrix/client/v3/delete_devices      (UIA: m.login.password)
 *
 * Another user's device, or an unknown one, is 404 M_NOT_FOUND: devices are
 * only ever looked up under the caller's user ID.
 */
import { clientDevices } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const devicesApi: ServiceArea = ({ services }) => [
  route(clientDevices.listDevices, async (req) => ({ devices: await services.devices.list(req.session.userId) })),
  route(clientDevices.getDevice, async (req) => services.devices.get(req.session.userId, req.params.deviceId)),
  route(clientDevices.updateDevice, async (req) => {
    await services.devices.rename(req.session.userId, req.params.deviceId, req.body.display_name);
    return {};
  }),
  route(clientDevices.deleteDevice, async (req) => {
    await services.devices.delete(req.session, [req.params.deviceId], req.body.auth, { single: true });
    return {};
  }),
  route(clientDevices.deleteDevices, async (req) => {
    await services.devices.delete(req.session, req.body.devices, req.body.auth);
    return {};
  }),
];
