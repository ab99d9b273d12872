/**
 * Hashing and signing outgoing events, and checking incoming ones
 * (server-server API, "Signing Events" and "Checks performed on receipt of a
 * PDU", steps 2 and 3).
 *
 * Signatures cover the *redacted* event, so they stay valid when the event is
 * redacted; the content hash inside it covers the full event. A bad signature
 * means the event is dropped; a bad content hash means the event is kept but
 * only in its redacted form.
 */
import { isUserId, parseUserId, userIdServer } from "../ids/user-id.js";
import type { RoomVersion } from "../room-versions.js";
import { checkJsonSignatures, signJson } from "../signing/json-signing.js";
import type { SignatureProblem } from "../signing/errors.js";
import { checkContentHash, computeContentHash } from "./hashes.js";
import type { Signatures } from "./pdu.js";
import { redactPdu } from "./redaction.js";
import { hashable } from "./wire.js";

/** Who signs Ward's events: the server name, its key ID (`ed25519:...`) and the 64-byte secret key. */
export type EventSigner = {
  readonly serverName: string;
  readonly keyId: string;
  readonly secretKey: Uint8Array;
};

/**
 * Sets `hashes.sha256` to the content hash, signs the redacted event and puts
 * the signature on the full event, keeping signatures already there. Returns a
 * new object. Requires `await sodiumReady()` first.
 */
export function hashAndSignEvent<T extends object>(
  pdu: T,
  version: RoomVersion,
  serverName: string,
  keyId: string,
  secretKey: Uint8Array,
): T & { hashes: { sha256: string }; signatures: Signatures } {
  const hashed = { ...pdu, hashes: { sha256: computeContentHash(pdu, version) } };
  const signed = signJson(redactPdu(hashable(hashed, version), version), serverName, keyId, secretKey);
  return { ...hashed, signatures: signed.signatures };
}

/** Finds a server's verification key; `validAt` is the event's `origin_server_ts`, so keys expired before it can be withheld. */
export type ServerKeyLookup = (serverName: string, keyId: string, validAt: number) => Uint8Array | undefined;

export type EventSignatureVerdict =
  | { readonly ok: true; readonly verified: ReadonlyArray<{ readonly server: string; readonly keyIds: readonly string[] }> }
  | { readonly ok: false; readonly server: string | undefined; readonly reason: SignatureProblem | "invalid_sender"; readonly message: string };

/** Checks that `serverName` signed the event (its redacted form), with keys from `lookup`. */
export function verifyEventSignedBy(pdu: object, version: RoomVersion, serverName: string, lookup: ServerKeyLookup): EventSignatureVerdict {
  const ts = (pdu as { origin_server_ts?: unknown }).origin_server_ts;
  const validAt = typeof ts === "number" ? ts : 0;
  const redacted = redactPdu(hashable(pdu, version), version);
  const verdict = checkJsonSignatures(redacted, serverName, (keyId) => lookup(serverName, keyId, validAt));
  if (!verdict.ok) return { ok: false, server: serverName, reason: verdict.reason, message: verdict.message };
  return { ok: true, verified: [{ server: serverName, keyIds: verdict.keyIds }] };
}

function isThirdPartyInvite(pdu: Record<string, unknown>): boolean {
  const content = pdu.content as Record<string, unknown> | undefined;
  return pdu.type === "m.room.member" && typeof content === "object" && content !== null && content.membership === "invite" && "third_party_invite" in content;
}

/** The server of `join_authorised_via_users_server`, when the member event names a valid user there. */
function authorisingServer(pdu: Record<string, unknown>): string | undefined {
  const content = pdu.content as Record<string, unknown> | undefined;
  if (pdu.type !== "m.room.member" || typeof content !== "object" || content === null) return undefined;
  const user = content.join_authorised_via_users_server;
  return isUserId(user) ? userIdServer(user) : undefined;
}

/**
 * The servers whose signatures an event needs (room versions 3+): the
 * sender's server. For an invite made from a third-party invite the spec lets
 * a different server send it; then the signer is the server the PDU came from
 * (`origin`), when the caller knows it. A member event naming a
 * `join_authorised_via_users_server` also needs that user's server: the auth
 * rules require it, and checking it here (as Synapse does for joins) lets the
 * auth rules look only for the signature's presence.
 */
export function requiredEventSigners(pdu: object, origin?: string): string[] {
  const obj = pdu as Record<string, unknown>;
  const primary = origin !== undefined && isThirdPartyInvite(obj) ? origin : userIdServer(parseUserId(obj.sender));
  const authoriser = authorisingServer(obj);
  return authoriser === undefined || authoriser === primary ? [primary] : [primary, authoriser];
}

/**
 * Step 2 of the checks on receipt: every server `requiredEventSigners` names
 * signed the event. `origin` is the server that sent the transaction (used
 * only for third-party invites).
 */
export function verifyEventSignatures(pdu: object, version: RoomVersion, lookup: ServerKeyLookup, origin?: string): EventSignatureVerdict {
  let servers: string[];
  try {
    servers = requiredEventSigners(pdu, origin);
  } catch (e) {
    return { ok: false, server: undefined, reason: "invalid_sender", message: `cannot tell which server must sign: ${(e as Error).message}` };
  }
  const verified: Array<{ server: string; keyIds: readonly string[] }> = [];
  for (const server of servers) {
    const verdict = verifyEventSignedBy(pdu, version, server, lookup);
    if (!verdict.ok) return verdict;
    verified.push(...verdict.verified);
  }
  return { ok: true, verified };
}

export type EventHashVerdict<T> =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "content_hash_mismatch"; readonly redacted: T };

/** Step 3: the content hash matches, or here is the redacted event to use instead. */
export function checkEventHashes<T extends object>(pdu: T, version: RoomVersion): EventHashVerdict<T> {
  if (checkContentHash(pdu, version)) return { ok: true };
  return { ok: false, reason: "content_hash_mismatch", redacted: redactPdu(pdu, version) };
}

export type ReceivedPduVerdict<T> =
  | { readonly action: "accept"; readonly pdu: T }
  | { readonly action: "redact"; readonly pdu: T; readonly reason: "content_hash_mismatch" }
  | { readonly action: "drop"; readonly reason: SignatureProblem | "invalid_sender"; readonly message: string };

/** Steps 2 and 3 together: drop on a bad signature, otherwise accept or keep only the redacted form. */
export function checkReceivedPdu<T extends object>(pdu: T, version: RoomVersion, lookup: ServerKeyLookup, origin?: string): ReceivedPduVerdict<T> {
  const signatures = verifyEventSignatures(pdu, version, lookup, origin);
  if (!signatures.ok) return { action: "drop", reason: signatures.reason, message: signatures.message };
  const hashes = checkEventHashes(pdu, version);
  return hashes.ok ? { action: "accept", pdu } : { action: "redact", pdu: hashes.redacted, reason: hashes.reason };
}
