/**
 * User profiles.
 *   GET /_matrix/client/v3/profile/{userId}
 *   GET /_matrix/client/v3/profile/{userId}/displayname
 *   PUT /_matrix/client/v3/profile/{userId}/displayname
 *   GET /_matrix/client/v3/profile/{userId}/avatar_url
 *   PUT /_matrix/client/v3/profile/{userId}/avatar_url
 */
import { clientProfile } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const profileApi: ServiceArea = ({ services }) => {
  const profiles = services.profile;
  return [
    route(clientProfile.getProfile, async (req) => profiles.get(req.params.userId)),
    route(clientProfile.getDisplayName, async (req) => {
      const { displayname } = await profiles.get(req.params.userId);
      return displayname !== undefined ? { displayname } : {};
    }),
    route(clientProfile.setDisplayName, async (req) => {
      await profiles.setDisplayName(req.session.userId, req.params.userId, req.body.displayname);
      return {};
    }),
    route(clientProfile.getAvatarUrl, async (req) => {
      const { avatar_url } = await profiles.get(req.params.userId);
      return avatar_url !== undefined ? { avatar_url } : {};
    }),
    route(clientProfile.setAvatarUrl, async (req) => {
      await profiles.setAvatarUrl(req.session.userId, req.params.userId, req.body.avatar_url);
      return {};
    }),
  ];
};
