/** The /sync response (`GET /_matrix/client/v3/sync`, 200). */
import type { BasicEvent, ClientEventWithoutRoomId, StrippedStateEvent } from "./types.js";

export type EventList<E> = { events?: E[] };

export type Timeline = {
  events: ClientEventWithoutRoomId[];
  limited?: boolean;
  prev_batch?: string;
};

export type RoomSummary = {
  "m.heroes"?: string[];
  "m.joined_member_count"?: number;
  "m.invited_member_count"?: number;
};

export type NotificationCounts = { highlight_count?: number; notification_count?: number };

export type JoinedRoom = {
  summary?: RoomSummary;
  state?: EventList<ClientEventWithoutRoomId>;
  /** Sent instead of `state` when the client asked for `use_state_after`. */
  state_after?: EventList<ClientEventWithoutRoomId>;
  timeline?: Timeline;
  ephemeral?: EventList<BasicEvent>;
  account_data?: EventList<BasicEvent>;
  unread_notifications?: NotificationCounts;
  /** Thread root event ID → counts. */
  unread_thread_notifications?: Record<string, NotificationCounts>;
};

export type InvitedRoom = { invite_state?: EventList<StrippedStateEvent> };

export type KnockedRoom = { knock_state?: EventList<StrippedStateEvent> };

export type LeftRoom = {
  state?: EventList<ClientEventWithoutRoomId>;
  state_after?: EventList<ClientEventWithoutRoomId>;
  timeline?: Timeline;
  account_data?: EventList<BasicEvent>;
};

/** Presence and to-device events also name their sender. */
export type SenderEvent = BasicEvent & { sender: string };

export type SyncResponse = {
  next_batch: string;
  /** Each map is keyed by room ID. */
  rooms?: {
    join?: Record<string, JoinedRoom>;
    invite?: Record<string, InvitedRoom>;
    knock?: Record<string, KnockedRoom>;
    leave?: Record<string, LeftRoom>;
  };
  presence?: EventList<SenderEvent>;
  account_data?: EventList<BasicEvent>;
  to_device?: EventList<SenderEvent>;
  device_lists?: { changed?: string[]; left?: string[] };
  device_one_time_keys_count?: Record<string, number>;
};
