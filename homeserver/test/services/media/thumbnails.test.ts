import { Readable } from "node:stream";
import sharp from "sharp";
import t from "tap";
import { MatrixError } from "../../../src/http/matrix-error.js";
import { renderThumbnail, snapThumbnailSize } from "../../../src/services/media/thumbnails.js";
import * as samples from "./media-samples.js";

t.test("sizes snap to the standard ones", async (t) => {
  t.same(snapThumbnailSize(32, 32, "crop"), { width: 32, height: 32, method: "crop" });
  t.same(snapThumbnailSize(33, 20, "crop"), { width: 96, height: 96, method: "crop" });
  t.same(snapThumbnailSize(500, 500, "crop"), { width: 96, height: 96, method: "crop" }, "the largest crop when none is big enough");
  t.same(snapThumbnailSize(1, 1, "scale"), { width: 320, height: 240, method: "scale" });
  t.same(snapThumbnailSize(641, 100), { width: 800, height: 600, method: "scale" }, "scale by default");
  t.same(snapThumbnailSize(4000, 4000, "scale"), { width: 800, height: 600, method: "scale" });
});

const render = (bytes: Buffer, type: string, size = snapThumbnailSize(96, 96, "crop")) => renderThumbnail(Readable.from([bytes]), type, size);

t.test("images are thumbnailed, never enlarged, EXIF-rotated", async (t) => {
  const out = await render(await samples.jpeg(1600, 1200), "image/jpeg", snapThumbnailSize(640, 480, "scale"));
  t.equal(out.contentType, "image/jpeg");
  t.same(await sharp(out.bytes).metadata().then((m) => [m.format, m.width, m.height]), ["jpeg", 640, 480]);
  const small = await render(await samples.png(20, 10), "image/png", snapThumbnailSize(320, 240, "scale"));
  t.same(await sharp(small.bytes).metadata().then((m) => [m.format, m.width, m.height]), ["png", 20, 10], "no enlargement");
  const rotated = await sharp({ create: { width: 200, height: 100, channels: 3, background: "#000" } }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
  const upright = await render(rotated, "image/jpeg", snapThumbnailSize(320, 240, "scale"));
  t.same(await sharp(upright.bytes).metadata().then((m) => [m.width, m.height]), [100, 200], "turned as the camera meant");
});

t.test("hostile and broken images fail with a Matrix error", async (t) => {
  const bomb = await samples.png(1, 1);
  bomb.writeUInt32BE(70_000, 16);
  bomb.writeUInt32BE(70_000, 20);
  const bombErr = await render(bomb, "image/png").catch((e: unknown) => e);
  t.ok(bombErr instanceof MatrixError && bombErr.status === 413 && bombErr.errcode === "M_TOO_LARGE", "a pixel bomb: 413");
  const png = await samples.png(300, 300);
  for (const [what, bytes, type] of [
    ["a truncated PNG", png.subarray(0, png.length - 40), "image/png"],
    ["garbage called JPEG", Buffer.from("definitely not a jpeg"), "image/jpeg"],
    ["a PDF", samples.pdf(), "application/pdf"],
    ["an SVG (never rendered server-side)", Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/svg+xml"],
  ] as const) {
    const err = await render(bytes, type).catch((e: unknown) => e);
    t.ok(err instanceof MatrixError && err.status === 400 && err.errcode === "M_UNKNOWN", what);
  }
});
