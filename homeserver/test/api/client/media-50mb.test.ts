/**
 * The real limit, once: exactly 50 MB (52428800 bytes) is accepted and
 * comes back byte for byte, one byte more is refused, with the default
 * configuration. The bodies are generated piece by piece as they are sent
 * and checked by hash as they arrive, never held whole in the test; the
 * server streams them too (its memory is measured by the benchmark, not
 * here).
 */
import { createHash } from "node:crypto";
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { downloadPath, streamUpload } from "./media-helpers.js";

const FIFTY_MB = 50 * 1024 * 1024;
const PIECE = 256 * 1024;

/** Deterministic pieces (a counter pattern), so sender and checker agree without keeping them. */
function* body(total: number): Iterable<Buffer> {
  for (let sent = 0, n = 0; sent < total; sent += PIECE, n++) {
    const piece = Buffer.alloc(Math.min(PIECE, total - sent), n % 251);
    if (piece.length >= 4) piece.writeUInt32BE(n, 0);
    yield piece;
  }
}

function digest(total: number): string {
  const hash = createHash("sha256");
  for (const piece of body(total)) hash.update(piece);
  return hash.digest("hex");
}

forEachDatabase(t, "50 MB exactly is accepted and streamed back; one byte more is not", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  t.equal(hs.config.media.maxUploadBytes, FIFTY_MB, "the default limit is 50 MB");
  const alice = await hs.registerUser("alice");

  const up = await streamUpload(hs, alice, () => body(FIFTY_MB), { "Content-Length": FIFTY_MB });
  t.equal(up.status, 200, "exactly 50 MB");
  const mediaId = (up.json.content_uri as string).split("/").pop()!;
  const res = await fetch(hs.url + downloadPath(hs, mediaId), { headers: { Authorization: `Bearer ${alice.accessToken}` } });
  t.equal(res.status, 200);
  t.equal(res.headers.get("content-length"), String(FIFTY_MB));
  const hash = createHash("sha256");
  let received = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    received += chunk.length;
  }
  t.equal(received, FIFTY_MB);
  t.equal(hash.digest("hex"), digest(FIFTY_MB), "the same 50 MB came back");

  const declared = await streamUpload(hs, alice, () => body(FIFTY_MB + 1), { "Content-Length": FIFTY_MB + 1 });
  t.equal(declared.status, 413, "50 MB + 1, declared");
  t.equal(declared.json.errcode, "M_TOO_LARGE");
  const chunked = await streamUpload(hs, alice, () => body(FIFTY_MB + 1));
  t.equal(chunked.status, 413, "50 MB + 1, chunked: counted as it came");
  const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM media");
  t.equal(row!.n, 1, "only the 50 MB file is stored");
  t.same(await hs.services.media.store.tempFiles(), [], "no temporary file");
});
