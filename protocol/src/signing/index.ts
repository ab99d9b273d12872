// Barrel for protocol/src/signing: ed25519 keys and JSON signatures.
export { SigningKeyError, SignatureError, type SigningKeyProblem, type SignatureProblem } from "./errors.js";
export {
  ED25519,
  SEED_BYTES,
  PUBLIC_KEY_BYTES,
  SECRET_KEY_BYTES,
  SIGNATURE_BYTES,
  signingKeyFromSeed,
  generateSigningKey,
  randomKeyVersion,
  encodePublicKey,
  decodePublicKey,
  encodeSeed,
  decodeSeed,
  formatSigningKeyFile,
  parseSigningKeyFile,
  type SigningKey,
} from "./keys.js";
export {
  signedBytes,
  signJson,
  signatureKeyIds,
  checkJsonSignatures,
  verifyJsonSignature,
  isJsonSignatureValid,
  type VerifyKeyLookup,
  type SignatureVerdict,
} from "./json-signing.js";
export { encodeBase58, decodeBase58, encodeKeyForDisplay, decodeKeyFromDisplay } from "./key-representation.js";
