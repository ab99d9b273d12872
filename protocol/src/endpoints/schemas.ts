/**
 * Body fragments several endpoints share. Top-level client bodies use
 * `z.object`, which accepts and drops fields Ward does not know; anything the
 * spec leaves open (event content, UIA auth dicts, filters, PDUs) keeps every
 * field, because it is stored, signed or passed on as given.
 */
import * as z from "zod";
import { isJsonObject, type JsonObject } from "../json.js";

/** Any JSON object, kept whole: event content, account data, creation_content. */
export const jsonObject = z.custom<JsonObject>((v) => isJsonObject(v), { error: "must be a JSON object" });

/**
 * User-Interactive Authentication: `type` and `session` plus whatever the
 * stage needs (`password`, `identifier`, ...), which the UIA code checks.
 */
export const uiaAuth = z.looseObject({
  type: z.string().optional(),
  session: z.string().optional(),
});

/** `{ "type": "m.id.user", "user": "alice" }` and the other identifier kinds. */
export const userIdentifier = z.looseObject({ type: z.string() });

/** Optional moderation reason carried by membership changes. */
export const reasonBody = z.object({ reason: z.string().optional() });

/** Target user and optional reason: invite, kick, ban, unban. */
export const targetUserBody = z.object({ user_id: z.string(), reason: z.string().optional() });

/** The empty object most write endpoints answer with. */
export type EmptyResponse = Record<string, never>;
