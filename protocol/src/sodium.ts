/**
 * The one place protocol/ loads libsodium. Everything that signs, verifies or
 * hashes awaits `sodiumReady()` once at start-up; after that the helpers are
 * synchronous, so hot paths (event hashing, signature checks) stay cheap.
 */
import sodiumModule from "libsodium-wrappers";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

export type Sodium = typeof sodiumModule;

let loaded: Sodium | undefined;

export async function sodiumReady(): Promise<Sodium> {
  if (!loaded) {
    await sodiumModule.ready;
    loaded = sodiumModule;
  }
  return loaded;
}

/** The loaded libsodium; throws if `sodiumReady()` has not been awaited yet. */
export function sodium(): Sodium {
  if (!loaded) throw new Error("libsodium is not ready: await sodiumReady() before using crypto helpers");
  return loaded;
}

const utf8 = new TextEncoder();

/** SHA-256, synchronous and isomorphic (the standard libsodium build has no SHA-256). */
export function sha256(data: Uint8Array | string): Uint8Array {
  return nobleSha256(typeof data === "string" ? utf8.encode(data) : data);
}
