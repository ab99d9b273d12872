/**
 * client.media against a scripted server: the limit asked once and kept,
 * the size check before any upload request, what an upload sends (type,
 * length, name, a stream counted as it goes), async uploads into a reserved
 * URI, downloads in each format, and bad URIs refused before any request.
 */
import t from "tap";
import { HttpClient, MediaApi, MediaTooLargeError, WardApiError } from "../../src/index.js";
import { json, type Call } from "../helpers/fake-fetch.js";

/** A fetch answering by path, reading request bodies whole (as a server would). */
function fakeServer(routes: Record<string, (call: Call, body: Uint8Array) => Response>) {
  const calls: Array<Call & { body: Uint8Array }> = [];
  const fetch = async (input: string, init: RequestInit) => {
    const url = new URL(input);
    const body = init.body === undefined ? new Uint8Array() : new Uint8Array(await new Response(init.body).arrayBuffer());
    const call = { url, init, body };
    calls.push(call);
    const route = routes[`${init.method} ${url.pathname}`];
    return route ? route(call, body) : json(404, { errcode: "M_UNRECOGNIZED", error: "Unrecognized request" });
  };
  const media = new MediaApi(new HttpClient({ baseUrl: "https://ward.test", accessToken: "tok", fetch }), new AbortController().signal);
  return { media, calls, paths: () => calls.map((c) => `${c.init.method} ${c.url.pathname}`) };
}

const CONFIG = "GET /_matrix/client/v1/media/config";
const UPLOAD = "POST /_matrix/media/v3/upload";
const limit = (size: number) => () => json(200, { "m.upload.size": size });

t.test("an upload sends the bytes with their type, length and name, counting progress", async (t) => {
  const { media, calls, paths } = fakeServer({
    [CONFIG]: limit(1_000_000),
    [UPLOAD]: () => json(200, { content_uri: "mxc://ward.test/abc", content_type: "application/pdf" }),
  });
  const data = new Uint8Array(200_000).fill(7);
  const progress: Array<{ loaded: number; total: number }> = [];
  const uploaded = await media.upload(new Blob([data], { type: "application/x-whatever" }), { filename: "scan.pdf", onProgress: (p) => progress.push(p) });
  t.same(uploaded, { contentUri: "mxc://ward.test/abc", mimetype: "application/pdf", size: 200_000, filename: "scan.pdf" }, "the server's word on the type wins");
  t.same(paths(), [CONFIG, UPLOAD]);
  const upload = calls[1]!;
  t.equal(upload.url.search, "?filename=scan.pdf");
  t.same(upload.init.headers, { Authorization: "Bearer tok", "Content-Type": "application/x-whatever", "Content-Length": "200000" });
  t.type(upload.init.body, ReadableStream, "a stream, counted as fetch pulls it");
  t.ok(Buffer.from(upload.body).equals(data), "the bytes as they are");
  t.same(progress.map((p) => p.loaded), [65_536, 131_072, 196_608, 200_000]);
  t.ok(progress.every((p) => p.total === 200_000));
});

t.test("the limit is asked once; a file over it is refused before any upload request", async (t) => {
  const { media, paths } = fakeServer({ [CONFIG]: limit(1000), [UPLOAD]: () => json(200, { content_uri: "mxc://ward.test/ok" }) });
  t.same(await media.config(), { maxUploadSize: 1000 });
  const error = await media.upload(new Uint8Array(1001)).catch((e: unknown) => e);
  t.type(error, MediaTooLargeError);
  t.match(error, { errcode: "M_TOO_LARGE", size: 1001, maxSize: 1000 });
  t.same(paths(), [CONFIG], "nothing was sent to the upload endpoint");
  t.equal((await media.upload(new Uint8Array(1000))).contentUri, "mxc://ward.test/ok", "exactly the limit is fine");
  t.same(paths(), [CONFIG, UPLOAD], "the limit was kept, not asked again");
});

t.test("a server refusing a file as too large makes the client ask for the limit again", async (t) => {
  let size = 5000;
  const { media, paths } = fakeServer({
    [CONFIG]: () => json(200, { "m.upload.size": size }),
    [UPLOAD]: () => json(413, { errcode: "M_TOO_LARGE", error: "Too large" }),
  });
  await t.rejects(media.upload(new Uint8Array(2000)), { name: "WardApiError", status: 413, errcode: "M_TOO_LARGE" });
  size = 1000;
  await t.rejects(media.upload(new Uint8Array(2000)), MediaTooLargeError, "the new, smaller limit applies");
  t.same(paths(), [CONFIG, UPLOAD, CONFIG]);
});

t.test("a server without the media config has no limit to check; other config errors fail the upload", async (t) => {
  const { media, paths } = fakeServer({ [UPLOAD]: () => json(200, { content_uri: "mxc://ward.test/a" }) });
  t.same(await media.config(), { maxUploadSize: undefined });
  t.equal((await media.upload(new Uint8Array(10))).mimetype, "application/octet-stream", "the type sent, when the server names none");
  t.same(paths(), [CONFIG, UPLOAD]);

  let fail = true;
  const other = fakeServer({ [CONFIG]: () => (fail ? json(500, { errcode: "M_UNKNOWN", error: "boom" }) : limit(10)()), [UPLOAD]: () => json(200, { content_uri: "mxc://ward.test/b" }) });
  await t.rejects(other.media.upload(new Uint8Array(5)), WardApiError);
  fail = false;
  await t.rejects(other.media.upload(new Uint8Array(11)), MediaTooLargeError, "a failed config request is not kept");
  t.same(other.paths(), [CONFIG, CONFIG]);
});

t.test("an asynchronous upload reserves the URI first, then puts the bytes there", async (t) => {
  const { media, calls, paths } = fakeServer({
    [CONFIG]: limit(1000),
    "POST /_matrix/media/v1/create": () => json(200, { content_uri: "mxc://ward.test/later", unused_expires_at: 123 }),
    "PUT /_matrix/media/v3/upload/ward.test/later": () => json(200, { content_type: "text/plain" }),
  });
  const reserved = await media.create();
  t.same(reserved, { contentUri: "mxc://ward.test/later", unusedExpiresAt: 123 });
  const file = new File(["hello"], "note.txt", { type: "text/plain" });
  t.same(await media.upload(file, { contentUri: reserved.contentUri }), { contentUri: "mxc://ward.test/later", mimetype: "text/plain", size: 5, filename: "note.txt" }, "a File names itself");
  t.equal(calls[2]?.url.search, "?filename=note.txt");
  t.same(paths(), ["POST /_matrix/media/v1/create", CONFIG, "PUT /_matrix/media/v3/upload/ward.test/later"]);
  await t.rejects(media.upload(file, { contentUri: "https://elsewhere/x" }), RangeError, "not an mxc URI: refused before sending");
  t.equal(calls.length, 3, "nothing more was asked");
});

t.test("downloads as bytes, Blob or stream, by name, and thumbnails", async (t) => {
  const file = (headers: Record<string, string> = {}) => () => new Response("file bytes", { headers: { "content-type": "text/plain", ...headers } });
  const { media, calls } = fakeServer({
    "GET /_matrix/client/v1/media/download/ward.test/abc": file({ "content-disposition": 'attachment; filename="a.txt"' }),
    "GET /_matrix/client/v1/media/download/ward.test/abc/Report%20v2.txt": file(),
    "GET /_matrix/client/v1/media/thumbnail/ward.test/abc": () => new Response("thumb", { headers: { "content-type": "image/png" } }),
  });
  const bytes = await media.download("mxc://ward.test/abc");
  t.equal(new TextDecoder().decode(bytes.data), "file bytes");
  t.equal(bytes.filename, "a.txt");
  t.equal(bytes.contentType, "text/plain");
  t.equal(await (await media.download("mxc://ward.test/abc", { as: "blob" })).data.text(), "file bytes");
  const { data: stream } = await media.download("mxc://ward.test/abc", { as: "stream", filename: "Report v2.txt", waitMs: 0 });
  t.equal(await new Response(stream).text(), "file bytes");
  t.equal(calls[2]?.url.search, "?timeout_ms=0");
  const thumb = await media.thumbnail("mxc://ward.test/abc", { width: 96, height: 96, method: "crop" });
  t.equal(new TextDecoder().decode(thumb.data), "thumb");
  t.equal(calls[3]?.url.search, "?width=96&height=96&method=crop");
  t.same(calls.map((c) => (c.init.headers as Record<string, string>).Authorization), ["Bearer tok", "Bearer tok", "Bearer tok", "Bearer tok"], "every read carries the token");
  await t.rejects(media.download("mxc://ward.test/../x"), RangeError);
  t.equal(calls.length, 4, "a bad URI sends nothing");
  await t.rejects(media.download("mxc://ward.test/missing"), { name: "WardApiError", status: 404 });
});
