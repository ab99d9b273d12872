/**
 * The homeserver's one libsodium: the sumo build, which has crypto_pwhash
 * (argon2id) and everything the at-rest AEAD needs. Loaded once; after
 * `sodiumReady()` resolves, `sodium()` is synchronous for hot paths.
 */
import sodiumModule from "libsodium-wrappers-sumo";

export type Sodium = typeof sodiumModule;

let loaded: Sodium | undefined;

export async function sodiumReady(): Promise<Sodium> {
  if (!loaded) {
    await sodiumModule.ready;
    loaded = sodiumModule;
  }
  return loaded;
}

/** The loaded library; throws if `sodiumReady()` has not been awaited (a start-up ordering bug). */
export function sodium(): Sodium {
  if (!loaded) throw new Error("libsodium is not ready: await sodiumReady() at start-up first");
  return loaded;
}
