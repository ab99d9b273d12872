/**
 * How a file is served so that a browser can never be made to run it:
 *
 *   Content-Disposition  `inline` only for the image, video and audio types
 *                        the spec lists as safe inline (so never SVG, HTML
 *                        or PDF), `attachment` for everything else; the
 *                        file name per RFC 6266: an ASCII `filename=` and
 *                        the exact UTF-8 name in `filename*=`.
 *   Content-Security-Policy  a sandbox that allows no script, no plugin but
 *                        a PDF viewer, and no framing.
 *   X-Content-Type-Options   nosniff (on every Ward response already).
 *   Cross-Origin-Resource-Policy  cross-origin, as the spec asks, so web
 *                        clients on another origin can use the bytes.
 *
 * And the Range requests that audio and video players make (RFC 9110 14):
 * one range, `bytes=a-b`, `bytes=a-` or `bytes=-n`.
 */

/** The spec's "serving inline content" list, without the text types: a text file is a document, saved rather than shown. */
const INLINE_TYPES = new Set([
  "image/jpeg", "image/gif", "image/png", "image/apng", "image/webp", "image/avif",
  "video/mp4", "video/webm", "video/ogg", "video/quicktime",
  "audio/mp4", "audio/webm", "audio/aac", "audio/mpeg", "audio/ogg", "audio/wave", "audio/wav", "audio/x-wav",
  "audio/x-pn-wav", "audio/flac", "audio/x-flac",
]);

export const MEDIA_CONTENT_SECURITY_POLICY =
  "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; style-src 'unsafe-inline'; media-src 'self'; object-src 'self'; frame-ancestors 'none'";

export function isInlineType(contentType: string): boolean {
  return INLINE_TYPES.has(contentType);
}

/** Text is served as UTF-8 (the upload was checked to be UTF-8 text). */
export function servedContentType(contentType: string): string {
  const textual = contentType.startsWith("text/") || contentType === "application/json" || contentType === "image/svg+xml" || contentType === "application/xml";
  return textual ? `${contentType}; charset=utf-8` : contentType;
}

/** Control characters (CR, LF, NUL, ...) and the Unicode separators can never reach a header; path separators never reach a saved file's name. */
function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "").replace(/[/\\]/g, "_").trim();
  // At most 255 UTF-16 units, cut on a character boundary.
  return Array.from(cleaned).slice(0, 255).join("");
}

/** RFC 8187 value-chars: attr-char stays, everything else is %-encoded UTF-8. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `inline; filename="scan.pdf"; filename*=UTF-8''scan.pdf`, or the disposition alone without a (usable) name. */
export function contentDisposition(contentType: string, fileName: string | null | undefined): string {
  const disposition = isInlineType(contentType) ? "inline" : "attachment";
  const name = fileName ? cleanFileName(fileName) : "";
  if (name === "") return disposition;
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(name)}`;
}

/** Whether a type is served with Range support (players seek in audio and video). */
export function isRangeType(contentType: string): boolean {
  return contentType.startsWith("audio/") || contentType.startsWith("video/");
}

export type ByteRange = { start: number; end: number };

/**
 * The one range asked for, within a file of `size` bytes; undefined when
 * the header is absent, not `bytes=`, malformed or lists several ranges
 * (then the whole file is sent, as RFC 9110 allows); "unsatisfiable" when it
 * lies wholly past the end.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | "unsatisfiable" | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "unsatisfiable";
    return size === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}
