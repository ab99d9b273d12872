/**
 * Who may download a file of this server (and its thumbnails):
 *
 *   - its uploader;
 *   - anyone who can see an event that refers to it (content.url,
 *     info.thumbnail_url, a member's avatar_url, an m.room.avatar url, the
 *     same inside m.new_content), by the room's history visibility as
 *     /messages applies it (rooms/visibility.ts): a member sees it, a former
 *     member sees what was sent while they could see the room, a user who
 *     was never in the room sees nothing (unless the room is
 *     world_readable). A redacted event refers to nothing any more;
 *   - any signed-in user, when it is its uploader's current profile avatar
 *     (profiles are readable by every user of the server).
 *
 * Everyone else is answered exactly like a request for a file that does
 * not exist. References are recorded when events are stored
 * (references.ts), not found by scanning events; the newest
 * MAX_REFS_CHECKED are examined.
 */
import type { SqlExecutor } from "../../store/database.js";
import { mediaRefsTable, type ReferringEvent } from "../../store/tables/media-refs.js";
import { usersTable } from "../../store/tables/users.js";
import { filterVisibleEvents } from "../rooms/visibility.js";

export type AccessSubject = { readonly mediaId: string; readonly uploader: string; readonly mxc: string };

export async function mayDownload(q: SqlExecutor, userId: string, media: AccessSubject): Promise<boolean> {
  if (media.uploader === userId) return true;
  const uploader = await usersTable.get(q, media.uploader);
  if (uploader && !uploader.deactivated && uploader.avatarUrl === media.mxc) return true;
  const byRoom = new Map<string, ReferringEvent[]>();
  for (const ref of await mediaRefsTable.referringEvents(q, media.mediaId)) {
    const list = byRoom.get(ref.roomId) ?? [];
    list.push(ref);
    byRoom.set(ref.roomId, list);
  }
  for (const [roomId, events] of byRoom) {
    if ((await filterVisibleEvents(q, userId, roomId, events)).size > 0) return true;
  }
  return false;
}
