import t from "tap";
import { countingStream, fetchStreamsRequestBodies, sizeOf } from "../../src/media/upload-body.js";

async function drain(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return chunks;
}

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);

t.test("the stream hands over the bytes in chunks and counts them as they are pulled", async (t) => {
  for (const data of [bytes(10_000), new Blob([bytes(10_000)]), bytes(10_000).buffer]) {
    const counts: number[] = [];
    const chunks = await drain(countingStream(data, (n) => counts.push(n), 4096));
    t.same(chunks.map((c) => c.length), [4096, 4096, 1808]);
    t.same(counts, [4096, 8192, 10_000], "one count per chunk, the last the whole size");
    t.ok(Buffer.concat(chunks).equals(bytes(10_000)), "the bytes unchanged");
  }
});

t.test("nothing is read before it is asked for", async (t) => {
  const counts: number[] = [];
  const stream = countingStream(bytes(10_000), (n) => counts.push(n), 4096);
  await new Promise((resolve) => setTimeout(resolve, 10));
  t.same(counts, [], "no read yet: the count follows the consumer");
  const reader = stream.getReader();
  await reader.read();
  t.same(counts, [4096]);
  await reader.cancel();
});

t.test("an empty file is an empty stream", async (t) => {
  const counts: number[] = [];
  t.same(await drain(countingStream(new Uint8Array(0), (n) => counts.push(n))), []);
  t.same(counts, []);
  t.equal(sizeOf(new Blob(["abc"])), 3);
  t.equal(sizeOf(new ArrayBuffer(7)), 7);
});

t.test("Node's fetch streams request bodies", async (t) => {
  t.equal(fetchStreamsRequestBodies(), true);
});
