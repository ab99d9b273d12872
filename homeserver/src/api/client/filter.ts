/**
 * Filters.
 *   POST /_matrix/client/v3/user/{userId}/filter
 *   GET  /_matrix/client/v3/user/{userId}/filter/{filterId}
 *
 * Only for one's own user ID (403 otherwise).
 */
import { clientSync } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const filterApi: ServiceArea = ({ services }) => [
  route(clientSync.createFilter, async (req) => ({
    filter_id: await services.filters.create(req.session.userId, req.params.userId, req.body),
  })),
  route(clientSync.getFilter, async (req) => services.filters.get(req.session.userId, req.params.userId, req.params.filterId)),
];
