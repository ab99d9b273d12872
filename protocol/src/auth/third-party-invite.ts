/**
 * Accepting a third-party invite (rule "membership is invite" with
 * `content.third_party_invite`): the invited user presents a `signed` block
 * from the identity server, and it must verify against a public key that the
 * inviter published in the matching `m.room.third_party_invite` event.
 *
 * Signatures are checked with Ed25519 from libsodium, so callers must have
 * awaited `sodiumReady()` before authorising such an event; `sodium()` throws
 * otherwise, which is better than silently refusing a valid invite.
 */
import type { JsonObject } from "../json.js";
import { canonicalJsonBytes, isJsonObject } from "../json.js";
import { decodeBase64, decodeUrlSafeBase64 } from "../base64.js";
import { sodium } from "../sodium.js";
import type { RoomEvent, StateMap } from "../events/pdu.js";
import { stateKeyOf } from "../events/pdu.js";
import type { AuthResult } from "./result.js";
import { ALLOWED, refuse } from "./result.js";
import { objectField, stringField } from "./content.js";
import { THIRD_PARTY_INVITE } from "./auth-event-types.js";

const ED25519_PUBLIC_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;

/** Unpadded base64 in either alphabet, as the spec allows for these keys; undefined when neither decodes. */
function decodeEitherBase64(text: string): Uint8Array | undefined {
  try {
    return decodeBase64(text);
  } catch {
    try {
      return decodeUrlSafeBase64(text);
    } catch {
      return undefined;
    }
  }
}

/** Every public key the `m.room.third_party_invite` event offers, decoded; malformed ones are skipped. */
export function thirdPartyInvitePublicKeys(content: JsonObject): Uint8Array[] {
  const encoded: string[] = [];
  const single = stringField(content, "public_key");
  if (single !== undefined) encoded.push(single);
  const list = content["public_keys"];
  if (Array.isArray(list)) {
    for (const entry of list) {
      if (isJsonObject(entry)) {
        const key = stringField(entry, "public_key");
        if (key !== undefined) encoded.push(key);
      }
    }
  }
  const keys: Uint8Array[] = [];
  for (const text of encoded) {
    const key = decodeEitherBase64(text);
    if (key?.length === ED25519_PUBLIC_KEY_BYTES) keys.push(key);
  }
  return keys;
}

/** The bytes the identity server signed: `signed` as canonical JSON without `signatures` and `unsigned`. */
function signedMessage(signed: JsonObject): Uint8Array | undefined {
  const copy: JsonObject = { ...signed };
  delete copy["signatures"];
  delete copy["unsigned"];
  try {
    return canonicalJsonBytes(copy);
  } catch {
    return undefined;
  }
}

/** True when any signature in `signed.signatures` verifies under any of `keys`. */
export function anySignatureMatches(signed: JsonObject, keys: Uint8Array[]): boolean {
  const signatures = objectField(signed, "signatures");
  const message = signedMessage(signed);
  if (signatures === undefined || message === undefined || keys.length === 0) return false;
  const lib = sodium();
  for (const byKeyId of Object.values(signatures)) {
    if (!isJsonObject(byKeyId)) continue;
    for (const encoded of Object.values(byKeyId)) {
      if (typeof encoded !== "string") continue;
      const signature = decodeEitherBase64(encoded);
      if (signature?.length !== ED25519_SIGNATURE_BYTES) continue;
      for (const key of keys) {
        if (lib.crypto_sign_verify_detached(signature, message, key)) return true;
      }
    }
  }
  return false;
}

/** The invite-with-`third_party_invite` branch of the membership rules, in the spec's order. */
export function checkThirdPartyInviteAcceptance(
  event: RoomEvent,
  targetMembership: string,
  authState: StateMap<RoomEvent>,
): AuthResult {
  if (targetMembership === "ban") return refuse(`${String(event.state_key)} is banned and cannot be invited`);
  const invite = objectField(event.content, "third_party_invite");
  const signed = invite === undefined ? undefined : objectField(invite, "signed");
  if (signed === undefined) return refuse("content.third_party_invite has no signed object");
  const mxid = stringField(signed, "mxid");
  const token = stringField(signed, "token");
  if (mxid === undefined || token === undefined) return refuse("content.third_party_invite.signed needs string mxid and token");
  if (mxid !== event.state_key) return refuse(`third-party invite was signed for ${mxid}, not the state_key ${String(event.state_key)}`);
  const original = authState.get(stateKeyOf(THIRD_PARTY_INVITE, token));
  if (original === undefined) return refuse(`no m.room.third_party_invite with state_key ${JSON.stringify(token)} in the room state`);
  if (original.sender !== event.sender) {
    return refuse(`the sender ${event.sender} did not send the m.room.third_party_invite (sent by ${original.sender})`);
  }
  if (anySignatureMatches(signed, thirdPartyInvitePublicKeys(original.content))) return ALLOWED;
  return refuse("no signature in content.third_party_invite.signed matches a public key of the m.room.third_party_invite");
}
