/**
 * Ward's messenger API for channels and direct conversations (services/messenger).
 *   POST /_ward/client/v1/direct                         open (or find) a direct conversation
 *   GET  /_ward/admin/v1/settings/channel_redaction      admins: may messages in channels be deleted?
 *   PUT  /_ward/admin/v1/settings/channel_redaction      admins: allow or forbid it
 */
import { wardMessenger } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const wardMessengerRoomsApi: ServiceArea = ({ services }) => [
  route(wardMessenger.openDirect, async (req) => services.messenger.openDirect(req.session.userId, req.body.user_ids, req.body.name)),
  route(wardMessenger.getChannelRedaction, async (req) => ({ allowed: await services.messenger.channelRedaction(req.session) })),
  route(wardMessenger.setChannelRedaction, async (req) => ({
    allowed: await services.messenger.setChannelRedaction(req.session, req.body.allowed),
  })),
];
