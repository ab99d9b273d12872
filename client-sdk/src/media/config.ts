/**
 * The server's upload limit (`m.upload.size` from GET /_matrix/client/v1/media/config),
 * asked once per client and kept: it changes only when the server's
 * configuration does. An upload refused as too large anyway drops it, so the
 * next upload asks again.
 */
import { clientMedia } from "@ward/protocol/endpoints";
import { WardApiError } from "../errors.js";
import type { HttpClient } from "../http.js";

export type MediaConfig = {
  /** The largest file the server accepts, in bytes; undefined when it names no limit. */
  readonly maxUploadSize: number | undefined;
};

export class MediaConfigCache {
  private pending: Promise<MediaConfig> | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly signal: AbortSignal,
  ) {}

  get(): Promise<MediaConfig> {
    this.pending ??= this.load();
    return this.pending;
  }

  /** Forgets the limit (the server refused a file the limit allowed: its configuration changed). */
  forget(): void {
    this.pending = undefined;
  }

  private async load(): Promise<MediaConfig> {
    try {
      const res = await this.http.call(clientMedia.config, {}, { signal: this.signal });
      const size = res["m.upload.size"];
      return { maxUploadSize: typeof size === "number" && Number.isFinite(size) && size >= 0 ? size : undefined };
    } catch (error) {
      // A server without authenticated media (before Matrix 1.11) has no limit to tell: the upload decides.
      if (error instanceof WardApiError && error.status === 404 && error.errcode === "M_UNRECOGNIZED") return { maxUploadSize: undefined };
      this.pending = undefined; // a failure is not kept: the next upload asks again
      throw error;
    }
  }
}
