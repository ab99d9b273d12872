/**
 * Media files at rest: libsodium secretstream (XChaCha20-Poly1305), as
 * stream transforms for node:stream/promises `pipeline`, so a 50 MB file is
 * sealed and opened 64 KiB at a time and never held in memory whole.
 *
 *   file = header (24 bytes) || record* || final record
 *   record = 64 KiB of plaintext sealed (+17 bytes), tag MESSAGE
 *   final  = the remaining 0..64 KiB-1 bytes sealed, tag FINAL
 *
 * Every record is authenticated and ordered by the stream's state, so a
 * changed, dropped, reordered or appended record fails, and a file cut
 * short is noticed by its missing FINAL record. The key is derived per file
 * from a data key (AtRestCipher.deriveKey, context: the media ID and which
 * file of it), so a file moved to another media ID does not open either.
 */
import { SealedDataError } from "../../crypto/at-rest.js";
import { sodium, type Sodium } from "../../crypto/sodium.js";

export const PLAIN_CHUNK = 64 * 1024;
const HEADER_BYTES = 24;
const ABYTES = 17;
const RECORD_BYTES = PLAIN_CHUNK + ABYTES;
const TAG_MESSAGE = 0;
const TAG_FINAL = 3;

/** The sealed file's length for `plainBytes` of content. */
export function sealedLength(plainBytes: number): number {
  return HEADER_BYTES + (Math.floor(plainBytes / PLAIN_CHUNK) + 1) * ABYTES + plainBytes;
}

/** What a file's key is derived for (AtRestCipher.deriveKey): an original opens only as that media ID's original. */
export const originalKeyContext = (mediaId: string): string[] => ["media", mediaId, "original"];

/** A thumbnail's key context: one per media ID, size and method. */
export const thumbnailKeyContext = (mediaId: string, size: { width: number; height: number; method: string }): string[] =>
  ["media", mediaId, "thumbnail", `${size.width}x${size.height}`, size.method];

/** A pointer into libsodium's WebAssembly heap, typed opaquely by the wrappers. */
type StateAddress = ReturnType<Sodium["crypto_secretstream_xchacha20poly1305_init_pull"]>;

/** The stream state lives in libsodium's WebAssembly heap: wipe and free it when done, or every file would leak 52 bytes of key material. */
function release(stateAddress: StateAddress): void {
  const state = stateAddress as unknown as number;
  const heap = (sodium() as unknown as { libsodium?: { HEAPU8?: Uint8Array; _free?: (address: number) => void } }).libsodium;
  heap?.HEAPU8?.fill(0, state, state + 52);
  heap?._free?.(state);
}

/** Seals what `source` yields; the output starts with the stream header. */
export function sealChunks(key: Uint8Array): (source: AsyncIterable<Uint8Array>) => AsyncGenerator<Uint8Array> {
  return async function* seal(source) {
    const s = sodium();
    const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    try {
      yield header;
      const pending = Buffer.allocUnsafe(PLAIN_CHUNK);
      let filled = 0;
      for await (const chunk of source) {
        let offset = 0;
        while (offset < chunk.length) {
          const take = Math.min(PLAIN_CHUNK - filled, chunk.length - offset);
          pending.set(chunk.subarray(offset, offset + take), filled);
          filled += take;
          offset += take;
          if (filled === PLAIN_CHUNK) {
            yield s.crypto_secretstream_xchacha20poly1305_push(state, pending, null, TAG_MESSAGE);
            filled = 0;
          }
        }
      }
      yield s.crypto_secretstream_xchacha20poly1305_push(state, pending.subarray(0, filled), null, TAG_FINAL);
    } finally {
      release(state);
    }
  };
}

/**
 * Opens a sealed file as `source` yields it; throws SealedDataError (naming
 * `what`, never content) on any record that does not authenticate, a
 * missing FINAL record, or bytes after it.
 */
export function openChunks(key: Uint8Array, what: string): (source: AsyncIterable<Uint8Array>) => AsyncGenerator<Uint8Array> {
  return async function* open(source) {
    const s = sodium();
    let state: StateAddress | undefined;
    let buffered: Buffer = Buffer.alloc(0);
    const pull = (record: Uint8Array, last: boolean): Uint8Array => {
      const result = s.crypto_secretstream_xchacha20poly1305_pull(state!, record, null);
      if (!result) throw new SealedDataError(`${what}: a record failed authentication (altered, or not this file's key)`);
      if (result.tag !== (last ? TAG_FINAL : TAG_MESSAGE)) throw new SealedDataError(`${what}: records out of place (file cut or spliced)`);
      return result.message;
    };
    try {
      for await (const chunk of source) {
        buffered = buffered.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffered, chunk]);
        if (state === undefined) {
          if (buffered.length < HEADER_BYTES) continue;
          state = s.crypto_secretstream_xchacha20poly1305_init_pull(buffered.subarray(0, HEADER_BYTES), key);
          buffered = buffered.subarray(HEADER_BYTES);
        }
        // Full-size records are never final: the final one is always shorter, so a full one is safe to open now.
        while (buffered.length > RECORD_BYTES) {
          yield pull(buffered.subarray(0, RECORD_BYTES), false);
          buffered = buffered.subarray(RECORD_BYTES);
        }
      }
      if (state === undefined || buffered.length < ABYTES) throw new SealedDataError(`${what}: file is cut short`);
      if (buffered.length === RECORD_BYTES) {
        // Exactly one full record left: a MESSAGE record whose FINAL successor is missing.
        pull(buffered, false);
        throw new SealedDataError(`${what}: file is cut short`);
      }
      // Bytes appended after the final record make it fail authentication here.
      const last = pull(buffered, true);
      if (last.length > 0) yield last;
    } finally {
      if (state !== undefined) release(state);
    }
  };
}
