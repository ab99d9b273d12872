/**
 * Finding users (Ward's staff directory).
 *   POST /_matrix/client/v3/user_directory/search
 *
 * `limit` defaults to 10 and is capped at 50; only active staff accounts
 * that have logged in at least once are listed (see services/user-directory).
 */
import { clientUserDirectory } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const userDirectoryApi: ServiceArea = ({ services }) => [
  route(clientUserDirectory.searchUsers, async (req) => services.userDirectory.search(req.body.search_term, req.body.limit)),
];
