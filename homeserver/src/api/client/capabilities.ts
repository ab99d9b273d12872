/**
 * What a user may do on this server.
 *   GET /_matrix/client/v3/capabilities
 *
 * The same for every user: Ward has no per-user restrictions on these.
 * 3PID changes are off because Ward has no e-mail or phone identifiers.
 */
import { clientDiscovery, DEFAULT_ROOM_VERSION, ROOM_VERSIONS, type clientDiscovery as Discovery } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export function capabilities(): Discovery.CapabilitiesResponse {
  const available: Record<string, "stable"> = {};
  for (const version of Object.keys(ROOM_VERSIONS)) available[version] = "stable";
  return {
    capabilities: {
      "m.change_password": { enabled: true },
      "m.room_versions": { default: DEFAULT_ROOM_VERSION, available },
      "m.set_displayname": { enabled: true },
      "m.set_avatar_url": { enabled: true },
      "m.3pid_changes": { enabled: false },
    },
  };
}

export const capabilitiesApi: ServiceArea = () => [route(clientDiscovery.capabilities, async () => capabilities())];
