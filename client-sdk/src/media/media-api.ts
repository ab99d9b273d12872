/**
 * `client.media`: uploading files (with progress and cancel, checked against
 * the server's limit first) and downloading authenticated media.
 *
 *   const file = await client.media.upload(blob, { filename: "scan.pdf", onProgress: (p) => bar(p.loaded / p.total) });
 *   room.sendFile(file);
 *   const { data } = await client.media.download(file.contentUri, { as: "blob" });
 */
import { clientMedia } from "@ward/protocol/endpoints";
import { MediaTooLargeError, WardApiError } from "../errors.js";
import type { HttpClient, RawRequestOptions } from "../http.js";
import { linkSignals } from "../signals.js";
import { MediaConfigCache, type MediaConfig } from "./config.js";
import { readMedia, type DownloadedMedia, type MediaFormat, type MediaFormats } from "./download.js";
import { requireMxc } from "./mxc.js";
import { sendUpload } from "./upload.js";
import { sizeOf, type UploadData, type UploadProgress } from "./upload-body.js";

export type UploadOptions = {
  /** The file's name (default: a File's own name). */
  filename?: string;
  /** Its type (default: a Blob's own type, else application/octet-stream). Ward recognises the type from the bytes anyway. */
  contentType?: string;
  /** Called as the bytes go out; the last call has `loaded === total`. */
  onProgress?: (progress: UploadProgress) => void;
  /** Cancels the upload: it rejects with WardAbortError and the server keeps nothing. */
  signal?: AbortSignal;
  /** Upload into a URI reserved with `create()` (asynchronous upload) instead of a new one. */
  contentUri?: string;
};

/** An uploaded file: what a file message carries (`room.sendFile(media)`). */
export type UploadedMedia = {
  readonly contentUri: string;
  /** The server's word on the type when it gives one (Ward does), else what was sent. */
  readonly mimetype: string;
  readonly size: number;
  readonly filename: string | undefined;
};

export type DownloadOptions<K extends MediaFormat = "bytes"> = {
  /** "bytes" (default), "blob" or "stream". */
  as?: K;
  signal?: AbortSignal;
  /** Ask the server to name the file so (Content-Disposition). */
  filename?: string;
  /** For a URI reserved but not yet uploaded: how long the server may wait for the upload (`timeout_ms`). */
  waitMs?: number;
};

export type ThumbnailOptions<K extends MediaFormat = "bytes"> = Omit<DownloadOptions<K>, "filename"> & {
  width: number;
  height: number;
  /** "scale" (default: fit inside) or "crop" (fill exactly). */
  method?: "crop" | "scale";
  animated?: boolean;
};

export class MediaApi {
  private readonly limits: MediaConfigCache;

  /** @internal The client makes it: `client.media`. */
  constructor(
    private readonly http: HttpClient,
    /** Aborts when the client logs out: transfers in flight stop. */
    private readonly lifetime: AbortSignal,
  ) {
    this.limits = new MediaConfigCache(http, lifetime);
  }

  /** The server's upload limit, asked once and kept. */
  config(): Promise<MediaConfig> {
    return this.limits.get();
  }

  /**
   * Uploads a file. Refuses one over the server's limit with
   * MediaTooLargeError before sending anything.
   */
  async upload(data: UploadData, options: UploadOptions = {}): Promise<UploadedMedia> {
    const size = sizeOf(data);
    const reserved = options.contentUri !== undefined ? requireMxc(options.contentUri) : undefined;
    const { maxUploadSize } = await this.limits.get();
    if (maxUploadSize !== undefined && size > maxUploadSize) throw new MediaTooLargeError(size, maxUploadSize);
    const filename = options.filename ?? (typeof File === "function" && data instanceof File && data.name !== "" ? data.name : undefined);
    const contentType = options.contentType || (data instanceof Blob && data.type) || "application/octet-stream";
    const query = filename !== undefined ? { filename } : {};
    const linked = linkSignals(options.signal, this.lifetime);
    const common = { data, contentType, onProgress: options.onProgress, signal: linked.signal };
    try {
      let contentUri: string;
      let answer: { content_type?: unknown };
      if (reserved !== undefined) {
        contentUri = options.contentUri!;
        answer = (await sendUpload(this.http, { endpoint: clientMedia.uploadTo, input: { params: reserved, query }, ...common })) as typeof answer;
      } else {
        const res = (await sendUpload(this.http, { endpoint: clientMedia.upload, input: { query }, ...common })) as { content_uri?: unknown; content_type?: unknown };
        if (typeof res.content_uri !== "string") throw new TypeError("the server's upload answer has no content_uri");
        contentUri = res.content_uri;
        answer = res;
      }
      const mimetype = typeof answer.content_type === "string" && answer.content_type !== "" ? answer.content_type : contentType;
      return { contentUri, mimetype, size, filename };
    } catch (error) {
      if (error instanceof WardApiError && error.errcode === "M_TOO_LARGE") this.limits.forget();
      throw error;
    } finally {
      linked.release();
    }
  }

  /**
   * Reserves an mxc:// URI to upload to later (`upload(data, { contentUri })`):
   * a message can name the file before its bytes have arrived.
   */
  async create(): Promise<{ contentUri: string; unusedExpiresAt: number }> {
    const res = await this.http.call(clientMedia.create, {}, { signal: this.lifetime });
    return { contentUri: res.content_uri, unusedExpiresAt: res.unused_expires_at };
  }

  /** Downloads a file (the token goes in the Authorization header). */
  async download<K extends MediaFormat = "bytes">(contentUri: string, options: DownloadOptions<K> = {}): Promise<DownloadedMedia<MediaFormats[K]>> {
    const { serverName, mediaId } = requireMxc(contentUri);
    const query = options.waitMs !== undefined ? { timeout_ms: options.waitMs } : {};
    return this.fetchMedia(options, (transfer) =>
      options.filename !== undefined
        ? this.http.request(clientMedia.downloadWithName, { params: { serverName, mediaId, fileName: options.filename }, query }, transfer)
        : this.http.request(clientMedia.download, { params: { serverName, mediaId }, query }, transfer),
    );
  }

  /** A thumbnail of an image, near `width` x `height` (the server picks from a few standard sizes). */
  async thumbnail<K extends MediaFormat = "bytes">(contentUri: string, options: ThumbnailOptions<K>): Promise<DownloadedMedia<MediaFormats[K]>> {
    const { serverName, mediaId } = requireMxc(contentUri);
    const query = {
      width: options.width,
      height: options.height,
      ...(options.method !== undefined ? { method: options.method } : {}),
      ...(options.animated !== undefined ? { animated: options.animated } : {}),
      ...(options.waitMs !== undefined ? { timeout_ms: options.waitMs } : {}),
    };
    return this.fetchMedia(options, (transfer) => this.http.request(clientMedia.thumbnail, { params: { serverName, mediaId }, query }, transfer));
  }

  /** One download under the caller's signal and the client's lifetime, read in the asked format. */
  private async fetchMedia<K extends MediaFormat>(
    options: { as?: K; signal?: AbortSignal },
    send: (transfer: RawRequestOptions<DownloadedMedia<MediaFormats[K]>>) => Promise<DownloadedMedia<MediaFormats[K]>>,
  ): Promise<DownloadedMedia<MediaFormats[K]>> {
    const as = (options.as ?? "bytes") as K;
    const linked = linkSignals(options.signal, this.lifetime);
    const stream = as === "stream";
    try {
      // A stream is read after this returns: it stays under the signals (and, without AbortSignal.any, keeps its listener).
      return await send({ signal: linked.signal, holdSignal: stream, read: (res) => readMedia(res, as) });
    } finally {
      if (!stream) linked.release();
    }
  }
}
