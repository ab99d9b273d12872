/**
 * The limits of uploads (size, quota, type) hold while streaming, whatever
 * the client declares, and a refused or broken upload leaves nothing
 * behind: no row, no file, no temporary file. And asynchronous uploads
 * (POST /v1/create, then PUT), with downloads waiting for them.
 */
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import t from "tap";
import { DEFAULT_MEDIA_DENY_TYPES } from "../../../src/config.js";
import type { Database } from "../../../src/store/database.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { tempDir } from "../../helpers/http.js";
import * as samples from "../../services/media/media-samples.js";
import { download, get, streamUpload, upload } from "./media-helpers.js";
import { createRoom, invite, membership, send } from "./sync-fixtures.js";

const LIMIT = 64 * 1024;
const QUOTA = 256 * 1024;

function smallLimits(t: Parameters<Parameters<typeof forEachDatabase>[2]>[0], db: Database) {
  return startTestHomeserver(t, db, { config: { media: { dir: tempDir(), maxUploadBytes: LIMIT, quotaBytes: QUOTA, denyTypes: DEFAULT_MEDIA_DENY_TYPES } } });
}

/** Files in the store, temporary ones included, and media rows. */
async function stored(hs: TestHomeserver, db: Database): Promise<{ rows: number; files: string[] }> {
  const files: string[] = [];
  for (const entry of await readdir(hs.config.media.dir)) {
    for (const name of await readdir(join(hs.config.media.dir, entry))) files.push(`${entry}/${name}`);
  }
  const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM media WHERE uploaded_ts IS NOT NULL");
  return { rows: row!.n, files };
}

function* pieces(total: number, size = 16 * 1024): Iterable<Buffer> {
  for (let sent = 0; sent < total; sent += size) yield randomBytes(Math.min(size, total - sent));
}

forEachDatabase(t, "the size limit: exactly the limit is fine, one byte more is not, however it is sent", async (t, db) => {
  const hs = await smallLimits(t, db);
  const alice = await hs.registerUser("alice");
  t.same((await get(hs, "/_matrix/client/v1/media/config", alice.accessToken)).json, { "m.upload.size": LIMIT });

  const exact = await streamUpload(hs, alice, () => pieces(LIMIT), { "Content-Length": LIMIT });
  t.equal(exact.status, 200, "exactly the limit");
  const before = await stored(hs, db);
  t.equal(before.rows, 1);

  const declared = await streamUpload(hs, alice, () => pieces(LIMIT + 1), { "Content-Length": LIMIT + 1 });
  t.equal(declared.status, 413, "declared one byte over: refused before reading");
  t.equal(declared.json.errcode, "M_TOO_LARGE");
  const chunked = await streamUpload(hs, alice, () => pieces(20 * LIMIT));
  t.equal(chunked.status, 413, "chunked, no length: refused once past the limit");
  t.same(chunked.json, { errcode: "M_TOO_LARGE", error: `The file is larger than the upload limit of ${LIMIT} bytes` });
  const oneOver = await streamUpload(hs, alice, () => pieces(LIMIT + 1, 4096));
  t.equal(oneOver.status, 413, "chunked, one byte over");
  t.same(await stored(hs, db), before, "nothing stored by the refused uploads, no temporary file");
  t.equal((await upload(hs, alice, Buffer.alloc(10))).status, 200, "the server goes on serving");
});

forEachDatabase(t, "an upload cut off mid-body leaves nothing behind", async (t, db) => {
  const hs = await smallLimits(t, db);
  const alice = await hs.registerUser("alice");
  const { hostname, port } = new URL(hs.url);
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 400 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
    t.ok(await check(), what);
  };
  const req = httpRequest({ host: hostname, port, method: "POST", path: "/_matrix/media/v3/upload", headers: { Authorization: `Bearer ${alice.accessToken}`, "Content-Length": 50_000 } });
  const closed = new Promise<void>((resolve) => req.on("close", resolve));
  req.on("error", () => undefined);
  req.write(randomBytes(20_000));
  // Cut the connection once the server is writing the file, 20 of the 50 KB announced.
  await until("the server started writing", async () => (await hs.services.media.store.tempFiles()).length > 0);
  req.destroy();
  await closed;
  await until("the server finished with the request", async () => hs.app.lifecycle.requestsInFlight === 0 && (await hs.services.media.store.tempFiles()).length === 0);
  t.same(await stored(hs, db), { rows: 0, files: [] }, "no row, no file, no temporary file");
});

forEachDatabase(t, "the quota, and the deny list", async (t, db) => {
  const hs = await smallLimits(t, db);
  const [alice, bob] = [await hs.registerUser("alice"), await hs.registerUser("bob")];
  for (let i = 0; i < 4; i++) t.equal((await upload(hs, alice, randomBytes(60 * 1024))).status, 200, `upload ${i + 1} of 60 KiB`);
  const before = await stored(hs, db);
  const over = await upload(hs, alice, randomBytes(60 * 1024));
  t.equal(over.status, 403, "240 KiB + 60 KiB > 256 KiB");
  t.same(over.json, { errcode: "M_FORBIDDEN", error: `This upload would exceed your storage quota of ${QUOTA} bytes` });
  const overChunked = await streamUpload(hs, alice, () => pieces(60 * 1024));
  t.equal(overChunked.status, 403, "the same when the length is not declared");
  t.equal((await upload(hs, alice, randomBytes(16 * 1024))).status, 200, "what still fits, fits");
  t.equal((await upload(hs, bob, randomBytes(60 * 1024))).status, 200, "the quota is per user");

  const refusals: Array<[string, Buffer, string]> = [
    ["an ELF executable", samples.elf(), "application/octet-stream"],
    ["a Windows executable", samples.exe(), "application/pdf"],
    ["bytes declared as an executable", randomBytes(100), "application/x-msdownload"],
  ];
  for (const [what, bytes, type] of refusals) {
    const res = await upload(hs, bob, bytes, { type, filename: "setup.exe" });
    t.equal(res.status, 403, what);
    t.equal(res.json.errcode, "M_FORBIDDEN", what);
    t.match(res.json.error, /^Files of type application\/x-(elf|msdownload) may not be uploaded to this server$/);
  }
  const after = await stored(hs, db);
  t.equal(after.rows, before.rows + 2, "only the two accepted uploads were stored");
  t.same(await hs.services.media.store.tempFiles(), [], "no temporary files");
});

async function create(hs: TestHomeserver, user: TestUser): Promise<{ uri: string; mediaId: string; expires: number }> {
  const res = await hs.request("POST", "/_matrix/media/v1/create", { token: user.accessToken, body: {} });
  if (res.status !== 200) throw new Error(`create: ${res.status} ${JSON.stringify(res.json)}`);
  return { uri: res.json.content_uri, mediaId: res.json.content_uri.split("/").pop(), expires: res.json.unused_expires_at };
}

function put(hs: TestHomeserver, user: TestUser, mediaId: string, bytes: Buffer, type = "application/pdf"): Promise<{ status: number; json: any }> {
  return fetch(`${hs.url}/_matrix/media/v3/upload/${hs.config.serverName}/${mediaId}?filename=later.pdf`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${user.accessToken}`, "Content-Type": type },
    body: bytes,
  }).then(async (res) => ({ status: res.status, json: await res.json() }));
}

forEachDatabase(t, "asynchronous uploads: reserve, wait, upload once", async (t, db) => {
  const hs = await smallLimits(t, db);
  const [alice, bob] = [await hs.registerUser("alice"), await hs.registerUser("bob")];
  const now = Date.now();
  const reserved = await create(hs, alice);
  t.match(reserved.uri, /^mxc:\/\/localhost\/[A-Za-z0-9_-]{32}$/);
  t.ok(reserved.expires > now + 23 * 3_600_000 && reserved.expires <= Date.now() + 24 * 3_600_000, "unused_expires_at in 24 hours");

  const notYet = await get(hs, `/_matrix/client/v1/media/download/localhost/${reserved.mediaId}?timeout_ms=0`, alice.accessToken);
  t.equal(notYet.status, 504);
  t.same(notYet.json, { errcode: "M_NOT_YET_UPLOADED", error: "The file has not been uploaded yet" });
  t.equal((await download(hs, bob, reserved.mediaId)).status, 404, "a stranger does not even learn it is pending");

  // Alice sends the URI before its bytes: Bob, in the room, waits for them.
  const roomId = await createRoom(hs, alice, { preset: "private_chat" });
  await invite(hs, alice, roomId, bob.userId);
  await membership(hs, bob, roomId, "join");
  await send(hs, alice, roomId, { msgtype: "m.file", body: "later.pdf", url: reserved.uri });
  const waiting = get(hs, `/_matrix/client/v1/media/download/localhost/${reserved.mediaId}?timeout_ms=30000`, bob.accessToken);

  t.equal((await put(hs, bob, reserved.mediaId, samples.pdf())).status, 403, "only its creator may upload to it");
  const done = await put(hs, alice, reserved.mediaId, samples.pdf());
  t.equal(done.status, 200);
  t.same(done.json, { content_type: "application/pdf" });
  const waited = await waiting;
  t.equal(waited.status, 200, "the waiting download got the file");
  t.ok(waited.bytes.equals(samples.pdf()));
  t.equal(waited.headers.get("content-disposition"), `attachment; filename="later.pdf"; filename*=UTF-8''later.pdf`);

  const again = await put(hs, alice, reserved.mediaId, samples.text(), "text/plain");
  t.equal(again.status, 409);
  t.equal(again.json.errcode, "M_CANNOT_OVERWRITE_MEDIA");
  t.ok((await download(hs, alice, reserved.mediaId)).bytes.equals(samples.pdf()), "the first upload stands");
  t.equal((await put(hs, alice, "B".repeat(32), samples.pdf())).status, 404, "a media ID never created");
  t.equal((await put(hs, alice, "no.such", samples.pdf())).status, 400, "not a media ID at all");

  for (let i = 0; i < 10; i++) await create(hs, alice); // the first reservation is used: ten are pending now
  const tooMany = await hs.request("POST", "/_matrix/media/v1/create", { token: alice.accessToken, body: {} });
  t.equal(tooMany.status, 429, "ten pending reservations at most");
  t.equal(tooMany.json.errcode, "M_LIMIT_EXCEEDED");
});
