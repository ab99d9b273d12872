/**
 * Thumbnails of images, made with sharp (libvips) from the opened original.
 *
 * Sizes snap to a few standard ones (the ones clients ask for: avatars
 * cropped square, previews scaled to fit), so one image has at most five
 * thumbnails however many sizes clients request; each is made once, sealed
 * and stored like an upload (index.ts caches it in media_thumbnails).
 *
 * Hostile images fail cleanly, never taking the server down:
 *   - more than MAX_SOURCE_PIXELS pixels (a "pixel bomb": a small file that
 *     declares huge dimensions) is refused from its header, before any
 *     decoding: 413 M_TOO_LARGE, as the spec says for images too large to
 *     thumbnail;
 *   - a truncated or corrupt image (failOn "error"), or a type sharp cannot
 *     read: 400 M_UNKNOWN "Cannot generate a thumbnail of this file".
 * At most MAX_CONCURRENT thumbnails are made at once per process: decoding
 * is CPU and memory heavy, and requests must not pile it up.
 */
import { pipeline } from "node:stream/promises";
import type { Sharp, SharpOptions } from "sharp";
import { SealedDataError } from "../../crypto/at-rest.js";
import { MatrixError } from "../../http/matrix-error.js";
import type { ThumbnailMethod } from "../../store/tables/media-thumbnails.js";

export type ThumbnailSize = { readonly width: number; readonly height: number; readonly method: ThumbnailMethod };

export const THUMBNAIL_SIZES: readonly ThumbnailSize[] = Object.freeze([
  { width: 32, height: 32, method: "crop" },
  { width: 96, height: 96, method: "crop" },
  { width: 320, height: 240, method: "scale" },
  { width: 640, height: 480, method: "scale" },
  { width: 800, height: 600, method: "scale" },
]);

/** Types sharp's bundled libvips reads. */
export const THUMBNAIL_SOURCE_TYPES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "image/tiff"]);

/** 50 megapixels: a 48 MP phone photo still fits; decoding one takes ~200 MB. */
export const MAX_SOURCE_PIXELS = 50_000_000;

const MAX_CONCURRENT = 2;

/** The smallest standard size of the method asked for that is at least as big as asked; the largest of that method otherwise. */
export function snapThumbnailSize(width: number, height: number, method: ThumbnailMethod = "scale"): ThumbnailSize {
  const sameMethod = THUMBNAIL_SIZES.filter((s) => s.method === method);
  return sameMethod.find((s) => s.width >= width && s.height >= height) ?? sameMethod[sameMethod.length - 1]!;
}

export const cannotThumbnail = () => new MatrixError(400, "M_UNKNOWN", "Cannot generate a thumbnail of this file");
const tooManyPixels = () => new MatrixError(413, "M_TOO_LARGE", "The image is too large to thumbnail");

/** PNG keeps transparency (PNG, GIF, WebP sources); photographs stay JPEG. */
export function thumbnailTypeFor(sourceType: string): "image/jpeg" | "image/png" {
  return sourceType === "image/jpeg" ? "image/jpeg" : "image/png";
}

/** sharp (libvips) is loaded at the first thumbnail, not at start-up: an idle server does not carry it (~25 MB RSS). */
let sharpModule: Promise<(options: SharpOptions) => Sharp> | undefined;
const loadSharp = () => (sharpModule ??= import("sharp").then((m) => m.default as unknown as (options: SharpOptions) => Sharp));

let running = 0;
const queue: Array<() => void> = [];

async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    queue.shift()?.();
  }
}

/**
 * Renders the thumbnail of the image `source` yields (its opened bytes) at
 * `size`; the result is small (at most 800x600), so it is returned whole.
 */
export function renderThumbnail(source: AsyncIterable<Uint8Array>, sourceType: string, size: ThumbnailSize): Promise<{ bytes: Buffer; contentType: string }> {
  if (!THUMBNAIL_SOURCE_TYPES.has(sourceType)) return Promise.reject(cannotThumbnail());
  const contentType = thumbnailTypeFor(sourceType);
  return withSlot(async () => {
    const sharp = await loadSharp();
    const image = sharp({ limitInputPixels: MAX_SOURCE_PIXELS, sequentialRead: true, failOn: "error", animated: false })
      .rotate() // EXIF orientation, so a phone photo is not shown on its side
      .resize(size.width, size.height, { fit: size.method === "crop" ? "cover" : "inside", withoutEnlargement: true });
    const encoded = contentType === "image/jpeg" ? image.jpeg({ quality: 80, mozjpeg: true }) : image.png({ compressionLevel: 9 });
    const chunks: Buffer[] = [];
    try {
      await pipeline(source, encoded, async (rendered: AsyncIterable<Buffer>) => {
        for await (const chunk of rendered) chunks.push(chunk);
      });
    } catch (err) {
      if (err instanceof SealedDataError) throw err; // the stored file, not the image, is at fault: a 500, logged
      throw /pixel limit/i.test((err as Error).message ?? "") ? tooManyPixels() : cannotThumbnail();
    }
    return { bytes: Buffer.concat(chunks), contentType };
  });
}
