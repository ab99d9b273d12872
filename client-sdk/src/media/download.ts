/**
 * Downloading authenticated media (Matrix 1.11: GET /_matrix/client/v1/media/download
 * and /thumbnail, with the access token), as bytes, a Blob or a stream:
 *
 *   - `bytes` (Uint8Array): for Node and small files;
 *   - `blob`: for browsers, e.g. `URL.createObjectURL(blob)` for an <img> or a
 *     download link (an <img src> cannot send the token itself);
 *   - `stream` (a web ReadableStream): large files, without holding them in
 *     memory; in Node, `Readable.fromWeb(stream)` pipes it to a file.
 */

/** What each `as` gives. */
export type MediaFormats = { bytes: Uint8Array; blob: Blob; stream: ReadableStream<Uint8Array> };

export type MediaFormat = keyof MediaFormats;

export type DownloadedMedia<T> = {
  readonly data: T;
  /** The type the server serves the file as (Ward's is recognised from the bytes at upload). */
  readonly contentType: string | undefined;
  /** Content-Length, when the server sent one. */
  readonly size: number | undefined;
  /** The file name from Content-Disposition, when the server sent one. */
  readonly filename: string | undefined;
};

/** The file name in a Content-Disposition header: `filename*` (RFC 6266, UTF-8) wins over `filename`. */
export function filenameFromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended && /^utf-8$/i.test(extended[1]!.trim())) {
    try {
      return decodeURIComponent(extended[2]!.trim());
    } catch {
      // A malformed encoding: fall back to the plain parameter.
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  if (!plain) return undefined;
  return plain[1] !== undefined ? plain[1].replace(/\\(.)/g, "$1") : plain[2]!.trim();
}

/** The answer's body in the asked format, with what its headers say about it. */
export async function readMedia<K extends MediaFormat>(res: Response, as: K): Promise<DownloadedMedia<MediaFormats[K]>> {
  const length = res.headers.get("content-length");
  let data: MediaFormats[MediaFormat];
  if (as === "blob") data = await res.blob();
  else if (as === "stream") data = res.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  else data = new Uint8Array(await res.arrayBuffer());
  return {
    data: data as MediaFormats[K],
    contentType: res.headers.get("content-type") ?? undefined,
    size: length !== null && /^\d+$/.test(length) ? Number(length) : undefined,
    filename: filenameFromDisposition(res.headers.get("content-disposition")),
  };
}
