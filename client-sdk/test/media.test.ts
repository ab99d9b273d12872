/**
 * Media on a real server: an upload with progress, downloaded back as bytes,
 * a Blob and a stream; a file message and an image message received by a
 * second client, who downloads the file and a thumbnail; the size check
 * refusing a file over `m.upload.size` without any upload request; and a
 * cancelled upload leaving nothing behind.
 */
import sharp from "sharp";
import t from "tap";
import { wardTestConfig } from "../../homeserver/test/conformance/harness.js";
import { MediaTooLargeError, WardAbortError, WardApiError, type FetchLike, type RoomEvent, type UploadProgress } from "../src/index.js";
import { forEachDatabase, newClient, startServer, syncedUntil, waitFor } from "./helpers/ward.js";

/** `size` bytes of text (the server recognises the type from the bytes: plain text). */
function textFile(size: number): Uint8Array {
  const line = new TextEncoder().encode("Ward media test line, nothing but text.\n");
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += line.length) out.set(line.subarray(0, Math.min(line.length, size - i)), i);
  return out;
}

/** Byte-for-byte equality (tap's deep comparison takes seconds on arrays this long). */
const sameBytes = (a: Uint8Array | ArrayBuffer, b: Uint8Array) => Buffer.from(a instanceof ArrayBuffer ? new Uint8Array(a) : a).equals(b);

/** The content of a file message (one with a `url`), else undefined. */
const fileMessage = (event: RoomEvent) => (event.type === "m.room.message" && "url" in event.content ? event.content : undefined);

t.test("upload with progress, download round trip, and a file message another client downloads", async (t) => {
  await forEachDatabase(t, "media round trip", async (t, db) => {
    const ward = await startServer(t, db);
    const alice = await newClient(t, ward, "alice");
    const bob = await newClient(t, ward, "bob");
    await Promise.all([alice.start(), bob.start()]);
    const room = await alice.createChannel({ name: "Records", visibility: "private", invite: [bob.userId] });
    await syncedUntil(bob, () => bob.getRoom(room.roomId)?.membership === "invite");
    const bobRoom = await bob.joinRoom(room.roomId);

    const notes = textFile(300_000);
    const progress: UploadProgress[] = [];
    const uploaded = await alice.media.upload(notes, { filename: "notes.txt", contentType: "text/plain", onProgress: (p) => progress.push(p) });
    t.match(uploaded, { contentUri: /^mxc:\/\/localhost\/[A-Za-z0-9_-]{24,}$/, size: 300_000, filename: "notes.txt", mimetype: /^text\/plain/ });
    t.ok(progress.length >= 3, `several progress events (${progress.length})`);
    t.same(progress.at(-1), { loaded: 300_000, total: 300_000 }, "the last one is the whole file");
    t.ok(progress.every((p, i) => p.total === 300_000 && (i === 0 || p.loaded > progress[i - 1]!.loaded)), "always forward");

    const back = await alice.media.download(uploaded.contentUri);
    t.ok(sameBytes(back.data, notes), "the uploader downloads the same bytes");
    t.match(back.contentType, /^text\/plain/);

    const received = waitFor(bob, "timeline", (e) => e.event.type === "m.room.message" && e.event.sender === alice.userId);
    await room.sendFile(uploaded, { caption: "Notes from today" }).confirmed();
    const { event } = await received;
    const content = fileMessage(event);
    t.same(content, {
      msgtype: "m.file",
      body: "Notes from today",
      filename: "notes.txt",
      url: uploaded.contentUri,
      info: { mimetype: uploaded.mimetype, size: 300_000 },
      "m.mentions": {},
    }, "Bob's client sees a typed file message");

    const asBlob = await bob.media.download(content!.url, { as: "blob" });
    t.ok(sameBytes(await asBlob.data.arrayBuffer(), notes), "Bob, who sees the message, downloads the file as a Blob");
    const asStream = await bob.media.download(content!.url, { as: "stream", filename: "today.txt" });
    t.ok(sameBytes(await new Response(asStream.data).arrayBuffer(), notes), "and as a stream");
    t.equal(asStream.filename, "today.txt", "under the name asked for");

    const png = new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c04040" } }).png().toBuffer());
    const image = await alice.media.upload(new Blob([png], { type: "image/png" }), { filename: "wound.png" });
    t.equal(image.mimetype, "image/png");
    const imageArrived = waitFor(bob, "timeline", (e) => fileMessage(e.event)?.msgtype === "m.image");
    await room.sendFile(image, { width: 64, height: 48 }).confirmed();
    const imageContent = fileMessage((await imageArrived).event);
    t.same(imageContent?.info, { mimetype: "image/png", size: png.length, w: 64, h: 48 });
    const thumb = await bob.media.thumbnail(image.contentUri, { width: 32, height: 32, method: "crop" });
    t.match(thumb.contentType, /^image\//);
    const meta = await sharp(thumb.data).metadata();
    t.ok(meta.width !== undefined && meta.width <= 64 && meta.height !== undefined && meta.height <= 48, "a real image, no larger than the original");
    t.equal(bobRoom.roomId, room.roomId);
  });
});

t.test("the size check and cancelling", async (t) => {
  await forEachDatabase(t, "media limits", async (t, db) => {
    const limit = 1_000_000;
    const ward = await startServer(t, db, { media: { ...wardTestConfig().media, maxUploadBytes: limit } });
    const sent: string[] = [];
    const recording: FetchLike = (input, init) => {
      sent.push(`${init.method} ${new URL(input).pathname}`);
      return fetch(input, init);
    };
    const alice = await newClient(t, ward, "alice", { fetch: recording });

    t.same(await alice.media.config(), { maxUploadSize: limit }, "the server's m.upload.size");
    const error = await alice.media.upload(new Uint8Array(limit + 1)).catch((e: unknown) => e);
    t.type(error, MediaTooLargeError);
    t.match(error, { errcode: "M_TOO_LARGE", size: limit + 1, maxSize: limit });
    t.same(sent.filter((s) => s.includes("/upload")), [], "no upload request was made");

    // Cancel once a first chunk has gone: the rest never leaves.
    const cancelAfterFirstChunk = () => {
      const controller = new AbortController();
      const seen: UploadProgress[] = [];
      const onProgress = (p: UploadProgress) => {
        seen.push(p);
        controller.abort();
      };
      return { signal: controller.signal, onProgress, seen };
    };
    const data = textFile(600_000);
    const first = cancelAfterFirstChunk();
    await t.rejects(alice.media.upload(data, { filename: "big.txt", ...first }), WardAbortError);
    t.ok(first.seen.length >= 1 && first.seen.every((p) => p.loaded < p.total), "cancelled part way");

    // An asynchronous upload names the file first: after the cancel there is nothing behind the name.
    const reserved = await alice.media.create();
    const second = cancelAfterFirstChunk();
    await t.rejects(alice.media.upload(data, { contentUri: reserved.contentUri, ...second }), WardAbortError);
    const missing = await alice.media.download(reserved.contentUri, { waitMs: 0 }).catch((e: unknown) => e);
    t.type(missing, WardApiError, "nothing is downloadable");
    t.match(missing, { errcode: /^(M_NOT_YET_UPLOADED|M_NOT_FOUND)$/ });

    // The name is still free: the cancelled bytes were not kept.
    const done = await alice.media.upload(data, { contentUri: reserved.contentUri, filename: "big.txt" });
    t.equal(done.contentUri, reserved.contentUri);
    t.ok(sameBytes((await alice.media.download(reserved.contentUri)).data, data), "the full upload is there");
  });
});
