/**
 * Filter definitions (`definitions/sync_filter.yaml`, `event_filter.yaml`,
 * `room_event_filter.yaml`). They are loose objects: a stored filter is
 * handed back by GET .../filter/{filterId} exactly as the client wrote it,
 * unstable fields included.
 */
import * as z from "zod";

const strings = z.array(z.string()).optional();

export const eventFilter = z.looseObject({
  limit: z.int().optional(),
  not_senders: strings,
  not_types: strings,
  senders: strings,
  types: strings,
});

export const roomEventFilter = eventFilter.extend({
  unread_thread_notifications: z.boolean().optional(),
  lazy_load_members: z.boolean().optional(),
  include_redundant_members: z.boolean().optional(),
  not_rooms: strings,
  rooms: strings,
  contains_url: z.boolean().optional(),
});

export const roomFilter = z.looseObject({
  not_rooms: strings,
  rooms: strings,
  ephemeral: roomEventFilter.optional(),
  include_leave: z.boolean().optional(),
  state: roomEventFilter.optional(),
  timeline: roomEventFilter.optional(),
  account_data: roomEventFilter.optional(),
});

export const filterDefinition = z.looseObject({
  event_fields: strings,
  event_format: z.enum(["client", "federation"]).optional(),
  presence: eventFilter.optional(),
  account_data: eventFilter.optional(),
  room: roomFilter.optional(),
});

export type EventFilter = z.output<typeof eventFilter>;
export type RoomEventFilter = z.output<typeof roomEventFilter>;
export type RoomFilter = z.output<typeof roomFilter>;
export type FilterDefinition = z.output<typeof filterDefinition>;
