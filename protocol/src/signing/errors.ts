/**
 * Errors of the signing area. Each carries a machine-readable `reason` so the
 * homeserver can map it to a Matrix error code or a log field without parsing
 * the message.
 */

export type SigningKeyProblem =
  | "bad_seed"
  | "bad_public_key"
  | "bad_secret_key"
  | "bad_key_id"
  | "bad_key_version"
  | "bad_key_file"
  /** A displayed key (appendices, "Cryptographic key representation") has a bad character, header or parity byte. */
  | "bad_key_representation";

/** A signing key, key ID or key file could not be read or used. */
export class SigningKeyError extends Error {
  override readonly name = "SigningKeyError";
  constructor(
    readonly reason: SigningKeyProblem,
    message: string,
  ) {
    super(message);
  }
}

export type SignatureProblem =
  /** The object has no `signatures` entry for the signer. */
  | "not_signed"
  /** The signer's entry holds no signature under an algorithm Ward understands (ed25519). */
  | "no_supported_algorithm"
  /** None of the signer's key IDs has a known verification key. */
  | "unknown_key"
  /** The signature is not valid unpadded base64 of 64 bytes. */
  | "bad_encoding"
  /** The object cannot be encoded as canonical JSON (floats, huge integers, ...). */
  | "not_canonical"
  /** The signature does not match the object and key. */
  | "invalid_signature"
  /** The object's existing `signatures` is not an object of objects of strings, so nothing can be added to it. */
  | "malformed_signatures";

/** A JSON object's signature did not verify; `reason` says why. */
export class SignatureError extends Error {
  override readonly name = "SignatureError";
  constructor(
    readonly reason: SignatureProblem,
    message: string,
  ) {
    super(message);
  }
}
