/**
 * The rooms service: creating rooms, membership, sending, and reading room
 * state. Every local event goes through the one event writer built here.
 */
import type { ServiceContext } from "../context.js";
import { createRoomCreator, type CreateRoomBody, type CreateRoomOptions } from "./create-room.js";
import { createEventWriter, type EventWriter } from "./event-writer.js";
import { createMembershipService, type MembershipService } from "./membership.js";
import { createRoomReads, type RoomReads } from "./reads.js";
import { createSendService, type SendService } from "./send.js";

export type { CreateRoomBody, CreateRoomOptions } from "./create-room.js";
export type { Sender } from "./send.js";
export type { MemberFilter, JoinedMember } from "./reads.js";
export { filterVisibleEvents, roomMembershipOf } from "./visibility.js";

export interface RoomsService extends MembershipService, SendService, RoomReads {
  /** Returns the new room's ID. */
  createRoom(creator: string, body: CreateRoomBody, options?: CreateRoomOptions): Promise<string>;
  /** The one path for local events, for other services that write into rooms. */
  readonly writer: EventWriter;
}

export function createRoomsService(ctx: ServiceContext): RoomsService {
  const writer = createEventWriter(ctx);
  return {
    writer,
    createRoom: createRoomCreator(ctx, writer),
    ...createMembershipService(ctx, writer),
    ...createSendService(ctx, writer),
    ...createRoomReads(ctx),
  };
}
