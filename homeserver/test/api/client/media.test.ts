/**
 * Media over HTTP: round trips of every kind of file, how they are served
 * (type, disposition, sandbox), Range for audio and video, thumbnails, the
 * audit trail, encryption on disk, and path parts that try to escape.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import * as samples from "../../services/media/media-samples.js";
import { download, downloadPath, get, rawGet, upload, uploaded } from "./media-helpers.js";

forEachDatabase(t, "every kind of file round trips, typed from its bytes and served safely", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const kinds: Array<[string, Buffer, string, string, "inline" | "attachment"]> = [
    ["report.pdf", samples.pdf(), "application/pdf", "application/pdf", "attachment"],
    ["photo.png", await samples.png(), "image/png", "image/png", "inline"],
    ["xray.jpg", await samples.jpeg(), "image/jpeg", "image/jpeg", "inline"],
    ["clip.mp4", samples.mp4(), "video/mp4", "video/mp4", "inline"],
    ["clip.webm", samples.webm(), "video/webm", "video/webm", "inline"],
    ["note.mp3", samples.mp3(), "audio/mpeg", "audio/mpeg", "inline"],
    ["note.ogg", samples.ogg(), "audio/ogg", "audio/ogg", "inline"],
    ["note.wav", samples.wav(), "audio/wav", "audio/wav", "inline"],
    ["letter.docx", samples.docx(), "application/octet-stream", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment"],
    ["list.csv", samples.csv(), "text/csv", "text/csv; charset=utf-8", "attachment"],
    ["notes.txt", samples.text(), "text/plain", "text/plain; charset=utf-8", "attachment"],
  ];
  for (const [name, bytes, declared, served, disposition] of kinds) {
    const up = await upload(hs, alice, bytes, { type: declared, filename: name });
    t.equal(up.status, 200, `${name}: uploaded`);
    t.match(up.json.content_uri, new RegExp(`^mxc://${hs.config.serverName.replace(/\./g, "\\.")}/[A-Za-z0-9_-]{32}$`), `${name}: a server-made mxc URI`);
    t.equal(up.json.content_type, served.split(";")[0], `${name}: the reply says the type`);
    const mediaId = (up.json.content_uri as string).split("/").pop()!;
    const res = await download(hs, alice, mediaId);
    t.equal(res.status, 200, `${name}: downloaded`);
    t.ok(res.bytes.equals(bytes), `${name}: the same bytes`);
    t.equal(res.headers.get("content-type"), served, `${name}: served as ${served}`);
    t.equal(res.headers.get("content-disposition"), `${disposition}; filename="${name}"; filename*=UTF-8''${name}`, `${name}: ${disposition} with its name`);
    t.equal(res.headers.get("x-content-type-options"), "nosniff");
    t.match(res.headers.get("content-security-policy"), /^sandbox; default-src 'none'; script-src 'none'/, `${name}: sandboxed`);
    t.equal(res.headers.get("cache-control"), "no-store");
    t.equal(res.headers.get("content-length"), String(bytes.length));
  }

  // No file name given: none in the disposition; another name asked for: that one, safely encoded.
  const { mediaId } = await uploaded(hs, alice, samples.pdf(), { type: "application/pdf" });
  t.equal((await download(hs, alice, mediaId)).headers.get("content-disposition"), "attachment");
  const renamed = await get(hs, downloadPath(hs, mediaId, "Befund März.pdf"), alice.accessToken);
  t.equal(renamed.headers.get("content-disposition"), `attachment; filename="Befund M_rz.pdf"; filename*=UTF-8''Befund%20M%C3%A4rz.pdf`);
  // The deprecated paths serve the same bytes, with a token only.
  const legacy = await get(hs, `/_matrix/media/v3/download/${hs.config.serverName}/${mediaId}`, alice.accessToken);
  t.equal(legacy.status, 200);
  t.ok(legacy.bytes.equals(samples.pdf()));
  t.equal((await get(hs, `/_matrix/media/r0/download/${hs.config.serverName}/${mediaId}`, undefined)).status, 401, "no token, no file");
  t.equal((await get(hs, downloadPath(hs, mediaId), undefined)).json.errcode, "M_MISSING_TOKEN");
  // An SVG is never shown inline: it could carry script.
  const svg = await uploaded(hs, alice, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), { type: "image/svg+xml", filename: "logo.svg" });
  const svgRes = await download(hs, alice, svg.mediaId);
  t.equal(svgRes.headers.get("content-type"), "image/svg+xml; charset=utf-8");
  t.match(svgRes.headers.get("content-disposition"), /^attachment;/);
});

forEachDatabase(t, "config, Range for audio and video, and HEAD", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  for (const path of ["/_matrix/client/v1/media/config", "/_matrix/media/v3/config"]) {
    const res = await get(hs, path, alice.accessToken);
    t.same(res.json, { "m.upload.size": 50 * 1024 * 1024 }, `${path}: the 50 MB limit`);
  }
  const audio = samples.wav(100_000); // 200 KB: several sealed records
  const { mediaId } = await uploaded(hs, alice, audio, { type: "audio/wav" });
  const whole = await download(hs, alice, mediaId);
  t.equal(whole.headers.get("accept-ranges"), "bytes");
  const cases: Array<[string, number, number]> = [
    ["bytes=0-99", 0, 99],
    ["bytes=70000-140000", 70_000, 140_000],
    [`bytes=${audio.length - 10}-`, audio.length - 10, audio.length - 1],
    ["bytes=-500", audio.length - 500, audio.length - 1],
  ];
  for (const [range, start, end] of cases) {
    const res = await download(hs, alice, mediaId, { Range: range });
    t.equal(res.status, 206, range);
    t.equal(res.headers.get("content-range"), `bytes ${start}-${end}/${audio.length}`, `${range}: Content-Range`);
    t.ok(res.bytes.equals(audio.subarray(start, end + 1)), `${range}: the right bytes`);
  }
  const past = await download(hs, alice, mediaId, { Range: `bytes=${audio.length}-` });
  t.equal(past.status, 416);
  t.equal(past.headers.get("content-range"), `bytes */${audio.length}`);
  t.equal(past.json.errcode, "M_INVALID_PARAM");
  // Documents are sent whole whatever the Range says.
  const doc = await uploaded(hs, alice, samples.pdf(), { type: "application/pdf" });
  const docRes = await download(hs, alice, doc.mediaId, { Range: "bytes=0-3" });
  t.equal(docRes.status, 200);
  t.ok(docRes.bytes.equals(samples.pdf()));
  const head = await fetch(hs.url + downloadPath(hs, mediaId), { method: "HEAD", headers: { Authorization: `Bearer ${alice.accessToken}` } });
  t.equal(head.status, 200);
  t.equal(head.headers.get("content-length"), String(audio.length));
});

forEachDatabase(t, "thumbnails: standard sizes, made once; bombs and broken images fail cleanly", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const thumb = (mediaId: string, query: string) => get(hs, `/_matrix/client/v1/media/thumbnail/${hs.config.serverName}/${mediaId}?${query}`, alice.accessToken);
  const photo = await uploaded(hs, alice, await samples.jpeg(1600, 1200), { type: "image/jpeg", filename: "wound.jpg" });
  const scaled = await thumb(photo.mediaId, "width=300&height=200&method=scale");
  t.equal(scaled.status, 200);
  t.equal(scaled.headers.get("content-type"), "image/jpeg");
  t.equal(scaled.headers.get("content-disposition"), `inline; filename="thumbnail.jpg"; filename*=UTF-8''thumbnail.jpg`);
  const { default: sharp } = await import("sharp");
  t.same(await sharp(scaled.bytes).metadata().then((m) => [m.width, m.height]), [320, 240], "snapped to 320x240");
  const cropped = await thumb(photo.mediaId, "width=40&height=40&method=crop");
  t.same(await sharp(cropped.bytes).metadata().then((m) => [m.width, m.height]), [96, 96], "snapped to a 96x96 crop");
  const again = await thumb(photo.mediaId, "width=300&height=200&method=scale");
  t.ok(again.bytes.equals(scaled.bytes), "the same thumbnail again");
  const rows = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM media_thumbnails WHERE media_id = $1", [photo.mediaId]);
  t.equal(rows[0]!.n, 2, "made once per size");
  const transparent = await uploaded(hs, alice, await samples.png(500, 500), { type: "image/png" });
  const pngThumb = await get(hs, `/_matrix/media/v3/thumbnail/${hs.config.serverName}/${transparent.mediaId}?width=32&height=32&method=crop`, alice.accessToken);
  t.equal(pngThumb.headers.get("content-type"), "image/png", "PNG stays PNG (deprecated path too)");

  // A pixel bomb: a tiny PNG whose header declares 100000 x 100000 pixels.
  const bomb = await samples.png(1, 1);
  bomb.writeUInt32BE(100_000, 16);
  bomb.writeUInt32BE(100_000, 20);
  const bombed = await uploaded(hs, alice, bomb, { type: "image/png" });
  const bombRes = await thumb(bombed.mediaId, "width=32&height=32");
  t.equal(bombRes.status, 413);
  t.equal(bombRes.json.errcode, "M_TOO_LARGE");
  const jpeg = await samples.jpeg(800, 600);
  const broken = await uploaded(hs, alice, jpeg.subarray(0, Math.floor(jpeg.length / 2)), { type: "image/jpeg" });
  const brokenRes = await thumb(broken.mediaId, "width=32&height=32");
  t.equal(brokenRes.status, 400);
  t.same(brokenRes.json, { errcode: "M_UNKNOWN", error: "Cannot generate a thumbnail of this file" });
  const pdf = await uploaded(hs, alice, samples.pdf());
  t.equal((await thumb(pdf.mediaId, "width=32&height=32")).status, 400, "no thumbnails of documents");
  t.equal((await get(hs, downloadPath(hs, photo.mediaId), alice.accessToken)).status, 200, "the server still serves");
});

forEachDatabase(t, "sealed on disk, name too; uploads and downloads audited", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const canary = "CANARY-7f3a9c: patient Jane Roe, MRN 000123";
  const { mediaId, uri } = await uploaded(hs, alice, Buffer.from(canary.repeat(100)), { type: "text/plain", filename: "CANARY-name-jane-roe.txt" });
  const [row] = await db.query<{ file_path: string; sealed_name: Uint8Array; key_id: string }>("SELECT file_path, sealed_name, key_id FROM media WHERE media_id = $1", [mediaId]);
  t.equal(row!.key_id, db.atRest.activeKeyId, "the data key is recorded");
  const onDisk = await readFile(join(hs.config.media.dir, row!.file_path));
  t.notOk(onDisk.includes("CANARY"), "no plaintext in the stored file");
  t.notOk(Buffer.from(row!.sealed_name).includes("CANARY"), "no plaintext file name in the row");
  t.same(await hs.services.media.store.tempFiles(), [], "no temporary file left");
  t.equal((await download(hs, alice, mediaId)).bytes.toString(), canary.repeat(100));
  const audit = await db.query<{ action: string; actor: string; event_id: string; outcome: string; endpoint: string }>(
    "SELECT action, actor, event_id, outcome, endpoint FROM audit_log WHERE action LIKE 'media_%' ORDER BY seq",
  );
  t.same(audit, [
    { action: "media_upload", actor: alice.userId, event_id: uri, outcome: "ok", endpoint: "media.upload" },
    { action: "media_download", actor: alice.userId, event_id: uri, outcome: "ok", endpoint: "media.download" },
  ]);
});

forEachDatabase(t, "path parts that could be paths answer 400 or 404 and touch nothing", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const { mediaId } = await uploaded(hs, alice, samples.pdf());
  const server = hs.config.serverName;
  const base = "/_matrix/client/v1/media/download";
  const cases: Array<[string, number]> = [
    [`${base}/${server}/..%2f..%2f..%2fetc%2fpasswd`, 400],
    [`${base}/${server}/..%2F${mediaId}`, 400],
    [`${base}/${server}/${mediaId}%00`, 400],
    [`${base}/${server}/%2e%2e`, 400],
    [`${base}/${server}/abc.def`, 400],
    [`${base}/..%2f..%2f/${mediaId}`, 400],
    [`${base}/${server}%00/${mediaId}`, 400],
    [`${base}/exa%20mple.org/${mediaId}`, 400],
    [`${base}/${server}/..`, 400],
    [`${base}/${server}/../../../etc/passwd`, 404],
    [`${base}/other.example.org/${mediaId}`, 404],
    [`${base}/${server}/${"A".repeat(32)}`, 404],
    [`/_matrix/client/v1/media/thumbnail/${server}/..%2f${mediaId}?width=32&height=32`, 400],
    [`/_matrix/media/v3/download/${server}/%E0%A4%A`, 400],
  ];
  for (const [path, status] of cases) {
    const res = await rawGet(hs, path, alice.accessToken);
    t.equal(res.status, status, path);
  }
  // A file name part is only ever a name in a header.
  const named = await rawGet(hs, `${base}/${server}/${mediaId}/..%2f..%2fetc%2fpasswd%00`, alice.accessToken);
  t.equal(named.status, 200, "an odd file name is just a name");
  const missing = await rawGet(hs, `${base}/other.example.org/${mediaId}`, alice.accessToken);
  t.same(JSON.parse(missing.body), { errcode: "M_NOT_FOUND", error: "Media not found" }, "another server's file: not found (no federation yet)");
});
