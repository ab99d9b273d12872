/**
 * Space hierarchy, reduced to the room itself.
 *   GET /_matrix/client/v1/rooms/{roomId}/hierarchy
 *
 * `max_depth`, `limit`, `from` and `suggested_only` are accepted and have no
 * effect: the answer is always the one room, with no `next_batch`.
 */
import { clientSpaces } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const hierarchyApi: ServiceArea = ({ services }) => [
  route(clientSpaces.hierarchy, async (req) => services.spaces.hierarchy(req.session.userId, req.params.roomId)),
];
