/**
 * Room aliases and the public room directory.
 *   GET    /_matrix/client/v3/directory/room/{roomAlias}
 *   PUT    /_matrix/client/v3/directory/room/{roomAlias}
 *   DELETE /_matrix/client/v3/directory/room/{roomAlias}
 *   GET    /_matrix/client/v3/rooms/{roomId}/aliases
 *   GET    /_matrix/client/v3/directory/list/room/{roomId}
 *   PUT    /_matrix/client/v3/directory/list/room/{roomId}
 *   GET    /_matrix/client/v3/publicRooms
 *   POST   /_matrix/client/v3/publicRooms
 *
 * Only this server's aliases exist (no federation yet): another server's
 * alias resolves to 404 and cannot be created (400).
 */
import { clientDirectory } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const directoryApi: ServiceArea = ({ services }) => {
  const directory = services.directory;
  return [
    route(clientDirectory.getAlias, async (req) => directory.resolve(req.params.roomAlias, req.session.userId)),
    route(clientDirectory.putAlias, async (req) => {
      await directory.createAlias(req.session.userId, req.params.roomAlias, req.body.room_id);
      return {};
    }),
    route(clientDirectory.deleteAlias, async (req) => {
      await directory.deleteAlias(req.session, req.params.roomAlias);
      return {};
    }),
    route(clientDirectory.roomAliases, async (req) => ({ aliases: await directory.aliasesOf(req.session.userId, req.params.roomId) })),
    route(clientDirectory.getVisibility, async (req) => ({ visibility: await directory.visibilityOf(req.session.userId, req.params.roomId) })),
    route(clientDirectory.setVisibility, async (req) => {
      await directory.setVisibility(req.session.userId, req.params.roomId, req.body.visibility ?? "public");
      return {};
    }),
    route(clientDirectory.publicRooms, async (req) => directory.publicRooms(req.query)),
    route(clientDirectory.queryPublicRooms, async (req) =>
      directory.publicRooms({ limit: req.body.limit, since: req.body.since, server: req.query.server, searchTerm: req.body.filter?.generic_search_term }),
    ),
  ];
};
