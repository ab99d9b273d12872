/**
 * Shapes shared by the Server-Server endpoints. Request PDUs are loose
 * objects: every field is covered by hashes and signatures, so nothing may be
 * dropped on the way in; the signing and auth code checks them properly.
 */
import * as z from "zod";
import type { JsonObject } from "../../json.js";
import type { Pdu } from "../../events/pdu.js";

/**
 * A membership event as send_join, send_leave and invite carry it. The
 * OpenAPI files still list top-level `origin` as required, but room versions
 * 11+ no longer protect it and Ward's own PDUs leave it out, so it is optional.
 */
export const membershipPdu = z.looseObject({
  sender: z.string(),
  origin: z.string().optional(),
  origin_server_ts: z.int(),
  type: z.string(),
  state_key: z.string(),
  content: z.looseObject({ membership: z.string() }),
});

export type MembershipPdu = z.output<typeof membershipPdu>;

/** The unsigned event make_join/make_leave hand out for the joining server to complete and sign. */
export type MembershipTemplate = {
  sender: string;
  origin?: string;
  origin_server_ts: number;
  type: string;
  state_key: string;
  content: JsonObject & { membership: string; join_authorised_via_users_server?: string };
  [field: string]: unknown;
};

export type MakeMembershipResponse = { room_version?: string; event?: MembershipTemplate };

/** A transaction-shaped response: /event and /backfill answer with one. */
export type PduTransaction = { origin: string; origin_server_ts: number; pdus: Pdu[] };

export type ServerKeys = {
  server_name: string;
  verify_keys: Record<string, { key: string }>;
  old_verify_keys?: Record<string, { expired_ts: number; key: string }>;
  signatures: Record<string, Record<string, string>>;
  valid_until_ts: number;
};
