/**
 * Global and per-room account data.
 *   GET /_matrix/client/v3/user/{userId}/account_data/{type}
 *   PUT /_matrix/client/v3/user/{userId}/account_data/{type}
 *   GET /_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}
 *   PUT /_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}
 */
import { clientAccountData } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";
import { checkRoomId } from "./membership.js";

export const accountDataApi: ServiceArea = ({ services }) => {
  const data = services.accountData;
  return [
    route(clientAccountData.getAccountData, async (req) => data.get(req.session.userId, req.params.userId, undefined, req.params.type)),
    route(clientAccountData.setAccountData, async (req) => {
      await data.set(req.session.userId, req.params.userId, undefined, req.params.type, req.body);
      return {};
    }),
    route(clientAccountData.getRoomAccountData, async (req) => {
      const { userId, roomId, type } = req.params;
      return data.get(req.session.userId, userId, checkRoomId(roomId), type);
    }),
    route(clientAccountData.setRoomAccountData, async (req) => {
      const { userId, roomId, type } = req.params;
      await data.set(req.session.userId, userId, checkRoomId(roomId), type, req.body);
      return {};
    }),
  ];
};
