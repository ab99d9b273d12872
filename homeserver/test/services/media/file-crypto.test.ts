import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import t from "tap";
import { SealedDataError } from "../../../src/crypto/at-rest.js";
import { sodiumReady } from "../../../src/crypto/sodium.js";
import { openChunks, PLAIN_CHUNK, sealChunks, sealedLength } from "../../../src/services/media/file-crypto.js";

/** Runs a stage over `input` fed in pieces of `piece` bytes, collecting what it yields. */
async function run(stage: (source: AsyncIterable<Uint8Array>) => AsyncGenerator<Uint8Array>, input: Buffer, piece = 10_000): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < input.length; i += piece) pieces.push(input.subarray(i, i + piece));
  const out: Uint8Array[] = [];
  for await (const chunk of stage(Readable.from(pieces))) out.push(chunk);
  return Buffer.concat(out);
}

t.before(async () => {
  await sodiumReady();
});

const key = new Uint8Array(randomBytes(32));

t.test("round trips at every boundary, in any piece size", async (t) => {
  for (const size of [0, 1, PLAIN_CHUNK - 1, PLAIN_CHUNK, PLAIN_CHUNK + 1, 3 * PLAIN_CHUNK, 200_000]) {
    const plain = randomBytes(size);
    const sealed = await run(sealChunks(key), plain, 7_777);
    t.equal(sealed.length, sealedLength(size), `${size}: sealed length`);
    t.notOk(size > 32 && sealed.includes(plain.subarray(0, 32)), `${size}: no plaintext in the sealed bytes`);
    t.same(await run(openChunks(key, "test file"), sealed, 65_000), plain, `${size}: opens to the same bytes`);
  }
});

t.test("any change, cut, splice or wrong key is refused, never served", async (t) => {
  const plain = randomBytes(3 * PLAIN_CHUNK + 100);
  const sealed = await run(sealChunks(key), plain);
  const open = (bytes: Buffer, k = key) => run(openChunks(k, "test file"), bytes);
  const flipped = Buffer.from(sealed);
  flipped[sealed.length - 5]! ^= 1;
  await t.rejects(open(flipped), SealedDataError, "a flipped byte");
  await t.rejects(open(sealed.subarray(0, sealed.length - 117)), SealedDataError, "the final record missing");
  await t.rejects(open(sealed.subarray(0, 24 + PLAIN_CHUNK + 17)), SealedDataError, "cut after a full record");
  await t.rejects(open(Buffer.concat([sealed, Buffer.from("extra")])), SealedDataError, "bytes appended");
  const record = PLAIN_CHUNK + 17;
  const swapped = Buffer.concat([sealed.subarray(0, 24), sealed.subarray(24 + record, 24 + 2 * record), sealed.subarray(24, 24 + record), sealed.subarray(24 + 2 * record)]);
  await t.rejects(open(swapped), SealedDataError, "records swapped");
  await t.rejects(open(sealed, new Uint8Array(randomBytes(32))), SealedDataError, "another key");
  await t.rejects(open(sealed.subarray(0, 10)), SealedDataError, "only part of the header");
});
