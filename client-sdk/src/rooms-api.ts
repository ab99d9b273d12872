/**
 * Finding and entering rooms: channels, joining, the staff directory (Ward's
 * list, and the Matrix user search) and the public channel directory.
 * WardClient exposes these as methods.
 *
 * Ward's messenger rules: a public channel is `join_rule: public` and listed
 * in the room directory; a private channel is invite-only and never listed.
 */
import { clientDirectory, clientMembership, clientRooms, clientUserDirectory, wardMessenger } from "@ward/protocol/endpoints";
import type { HttpClient } from "./http.js";
import type { Room } from "./room.js";

/** The part of WardClient these functions use. */
export type RoomsHost = {
  readonly http: HttpClient;
  readonly userId: string;
  room(roomId: string): Room;
};

export type ChannelOptions = {
  name: string;
  topic?: string;
  visibility: "public" | "private";
  /** Users to invite at once. */
  invite?: readonly string[];
  /** The local part of an alias to create: "general" gives "#general:<server>". */
  aliasName?: string;
};

export type DirectoryUser = { userId: string; displayName: string | undefined; avatarUrl: string | undefined };

export type StaffSearch = {
  /** Matches display names and user IDs; without it, everyone. */
  search?: string;
  /** Per page (the server caps it). */
  limit?: number;
  /** `nextBatch` of the previous page. */
  from?: string;
};

export type StaffPage = {
  members: DirectoryUser[];
  /** Pass as `from` for the next page; undefined on the last one. */
  nextBatch: string | undefined;
  /** How many match, on all pages. */
  total: number;
};

export type ChannelSearch = { search?: string; limit?: number; since?: string };

export type PublicChannel = { roomId: string; name: string | undefined; topic: string | undefined; alias: string | undefined; memberCount: number };

export type ChannelPage = { channels: PublicChannel[]; nextBatch: string | undefined; totalEstimate: number | undefined };

export async function createChannel(host: RoomsHost, options: ChannelOptions): Promise<Room> {
  const isPublic = options.visibility === "public";
  const { room_id } = await host.http.call(clientRooms.createRoom, {
    body: {
      preset: isPublic ? "public_chat" : "private_chat",
      visibility: isPublic ? "public" : "private",
      name: options.name,
      ...(options.topic !== undefined ? { topic: options.topic } : {}),
      ...(options.invite && options.invite.length > 0 ? { invite: [...options.invite] } : {}),
      ...(options.aliasName !== undefined ? { room_alias_name: options.aliasName } : {}),
    },
  });
  return host.room(room_id);
}

export async function joinRoom(host: RoomsHost, roomIdOrAlias: string): Promise<Room> {
  const { room_id } = await host.http.call(clientMembership.joinByIdOrAlias, { params: { roomIdOrAlias }, body: {} });
  return host.room(room_id);
}

export async function resolveAlias(host: RoomsHost, alias: string): Promise<string> {
  const res = await host.http.call(clientDirectory.getAlias, { params: { roomAlias: alias } });
  if (res.room_id === undefined) throw new Error(`the server resolved ${alias} to no room`);
  return res.room_id;
}

export async function searchUsers(host: RoomsHost, term: string, limit?: number): Promise<DirectoryUser[]> {
  const res = await host.http.call(clientUserDirectory.searchUsers, { body: { search_term: term, ...(limit !== undefined ? { limit } : {}) } });
  return res.results.map((r) => ({ userId: r.user_id, displayName: r.display_name, avatarUrl: r.avatar_url }));
}

export async function staffDirectory(host: RoomsHost, options: StaffSearch): Promise<StaffPage> {
  const query = {
    ...(options.search ? { search: options.search } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.from !== undefined ? { from: options.from } : {}),
  };
  const res = await host.http.call(wardMessenger.staffDirectory, { query });
  return {
    members: res.chunk.map((m) => ({ userId: m.user_id, displayName: m.display_name, avatarUrl: m.avatar_url })),
    nextBatch: res.next_batch,
    total: res.total,
  };
}

export async function publicChannels(host: RoomsHost, options: ChannelSearch): Promise<ChannelPage> {
  const res = await host.http.call(clientDirectory.queryPublicRooms, {
    body: {
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.since !== undefined ? { since: options.since } : {}),
      ...(options.search ? { filter: { generic_search_term: options.search } } : {}),
    },
  });
  return {
    channels: res.chunk.map((c) => ({ roomId: c.room_id, name: c.name, topic: c.topic, alias: c.canonical_alias, memberCount: c.num_joined_members })),
    nextBatch: res.next_batch,
    totalEstimate: res.total_room_count_estimate,
  };
}
