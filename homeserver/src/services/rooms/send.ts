/**
 * Sending into a room: message events (idempotent per device and
 * transaction ID), state events, and redactions. Each is one event through
 * the event writer; the auth rules decide whether the sender may.
 */
import type { JsonObject } from "@ward/protocol";
import { invalidParam } from "../../http/matrix-error.js";
import type { ServiceContext } from "../context.js";
import { txnKey, type EventWriter } from "./event-writer.js";
import { REDACTION } from "./redaction.js";
import { aliasPointsTo } from "../directory/aliases.js";
import { checkStateContent } from "./state-rules.js";
import { checkInvitableUser, checkUserId } from "./users.js";

/** Who sends: the device matters for transaction IDs. */
export type Sender = { readonly userId: string; readonly deviceId: string };

export interface SendService {
  /** Returns the event ID; a retransmission (same device, same path: room, type and txnId) returns the first one's. */
  send(sender: Sender, roomId: string, type: string, txnId: string, content: JsonObject): Promise<string>;
  redact(sender: Sender, roomId: string, eventId: string, txnId: string, reason?: string): Promise<string>;
  putState(sender: Sender, roomId: string, type: string, stateKey: string, content: JsonObject): Promise<string>;
}

export function createSendService(ctx: ServiceContext, writer: EventWriter): SendService {
  const txnOf = (sender: Sender, key: string) => ({ userId: sender.userId, deviceId: sender.deviceId, key });

  return {
    async send(sender, roomId, type, txnId, content) {
      if (type === "") throw invalidParam("The event type must not be empty");
      const draft = { sender: sender.userId, type, content };
      const { eventId } = await writer.write({ roomId, draft, txn: txnOf(sender, txnKey("send", roomId, type, txnId)) });
      return eventId;
    },

    async redact(sender, roomId, eventId, txnId, reason) {
      const content: JsonObject = reason === undefined ? {} : { reason };
      const draft = { sender: sender.userId, type: REDACTION, content, redacts: eventId };
      return (await writer.write({ roomId, draft, txn: txnOf(sender, txnKey("redact", roomId, eventId, txnId)) })).eventId;
    },

    async putState(sender, roomId, type, stateKey, content) {
      if (type === "") throw invalidParam("The event type must not be empty");
      await checkStateContent(type, content, (alias) => aliasPointsTo(ctx.db, alias, roomId));
      if (type === "m.room.member") {
        // Membership through the state API: the same checks as /invite.
        if (content.membership === "invite") await checkInvitableUser(ctx.db, ctx.config.serverName, stateKey, "state_key");
        else checkUserId(stateKey, "state_key");
      }
      const draft = { sender: sender.userId, type, stateKey, content };
      return (await writer.write({ roomId, draft })).eventId;
    },
  };
}
