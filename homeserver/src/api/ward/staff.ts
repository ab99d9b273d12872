/**
 * The staff directory (see services/staff).
 *   GET /_ward/client/v1/directory?search=&limit=&from=
 *
 * Everyone who may be messaged: `limit` defaults to 100 (at most 500),
 * `next_batch` continues the listing, `total` counts every match.
 */
import { wardMessenger } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const wardStaffApi: ServiceArea = ({ services }) => [
  route(wardMessenger.staffDirectory, async (req) => services.staff.list(req.query)),
];
