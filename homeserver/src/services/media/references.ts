/**
 * Recording which events refer to which files, as events are stored
 * (called once per event from rooms/persist.ts, inside its transaction), so
 * the access rule (access.ts) reads a table instead of scanning events.
 *
 * A reference counts only when the event's sender could download the file
 * themselves (its uploader, or someone who can see an event referring to
 * it): otherwise anyone who learnt an mxc:// URI could hand a file to a
 * room of their choosing just by mentioning it. Such an event is still
 * stored and delivered; its readers simply get 404 for the file.
 * References to files of other servers, or that do not exist, are not
 * recorded; neither are references in events whose sender is of another
 * server (federation will bring its own rule).
 */
import { userIdServer, type UserId } from "@ward/protocol";
import type { Transaction } from "../../store/database.js";
import { mediaRefsTable } from "../../store/tables/media-refs.js";
import { mediaTable } from "../../store/tables/media.js";
import { mayDownload } from "./access.js";
import { parseMxc } from "./ids.js";

type EventLike = { readonly event_id: string; readonly sender: string; readonly content: Readonly<Record<string, unknown>> };

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** The mxc:// URIs in the places the spec puts them, in the content and in an edit's m.new_content. */
export function referencedUris(content: Readonly<Record<string, unknown>>): string[] {
  const found = new Set<string>();
  const scan = (c: Record<string, unknown> | undefined) => {
    if (!c) return;
    const info = asObject(c.info);
    for (const value of [c.url, c.avatar_url, info?.thumbnail_url, asObject(c.file)?.url, asObject(info?.thumbnail_file)?.url]) {
      if (typeof value === "string" && value.startsWith("mxc://")) found.add(value);
    }
  };
  scan(content as Record<string, unknown>);
  scan(asObject(content["m.new_content"]));
  return [...found];
}

export async function recordMediaReferences(tx: Transaction, roomId: string, event: EventLike): Promise<void> {
  const uris = referencedUris(event.content);
  if (uris.length === 0) return;
  const senderServer = userIdServer(event.sender as UserId);
  for (const uri of uris) {
    const parsed = parseMxc(uri);
    if (!parsed || parsed.serverName !== senderServer) continue;
    const uploader = await mediaTable.uploaderOf(tx, parsed.mediaId);
    if (uploader === null) continue;
    if (!(await mayDownload(tx, event.sender, { mediaId: parsed.mediaId, uploader, mxc: uri }))) continue;
    await mediaRefsTable.insert(tx, { mediaId: parsed.mediaId, eventId: event.event_id, roomId });
  }
}
