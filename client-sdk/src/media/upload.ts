/**
 * Sending a file's bytes with progress, one API over three transports:
 *
 *   - browsers: XMLHttpRequest, whose upload progress every browser reports;
 *   - Node (and browsers whose fetch streams request bodies, when the app
 *     gave its own fetch): fetch with a stream body that counts the bytes as
 *     fetch pulls them;
 *   - anything else: fetch with the whole body, progress reported at the end.
 *
 * Whichever is used, progress ends with `loaded === total`, and cancelling
 * (the signal) rejects with WardAbortError.
 */
import type { AnyEndpoint } from "@ward/protocol/endpoints";
import type { HttpClient, RequestParts } from "../http.js";
import { countingStream, fetchStreamsRequestBodies, sizeOf, type UploadData, type UploadProgress } from "./upload-body.js";
import { hasXhr, xhrUpload } from "./xhr-upload.js";

export type UploadRequest<E extends AnyEndpoint> = {
  readonly endpoint: E;
  readonly input: RequestParts<E>;
  readonly data: UploadData;
  readonly contentType: string;
  readonly onProgress?: ((progress: UploadProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
};

/** Reports progress, each value once, and never backwards (a transport may repeat itself). */
function progressReporter(total: number, onProgress: ((progress: UploadProgress) => void) | undefined) {
  let reported = -1;
  return (loaded: number) => {
    const clamped = Math.min(Math.max(loaded, 0), total);
    if (clamped <= reported) return;
    reported = clamped;
    onProgress?.({ loaded: clamped, total });
  };
}

function parseJson(text: string): unknown {
  return text === "" ? {} : JSON.parse(text);
}

/** Uploads `data` to the endpoint; resolves with its JSON answer once the server has stored the file. */
export async function sendUpload<E extends AnyEndpoint>(http: HttpClient, req: UploadRequest<E>): Promise<unknown> {
  const total = sizeOf(req.data);
  const report = progressReporter(total, req.onProgress);
  const headers = { "Content-Type": req.contentType };

  if (!http.customFetch && hasXhr()) {
    const prepared = http.prepare(req.endpoint, req.input);
    const body = req.data instanceof ArrayBuffer ? new Uint8Array(req.data) : req.data;
    const answer = await xhrUpload({ ...prepared, headers: { ...prepared.headers, ...headers } }, body, req.endpoint.id, report, req.signal);
    if (answer.status < 200 || answer.status >= 300) throw http.errorFor(req.endpoint, answer.status, answer.text, answer.retryAfter);
    report(total);
    return parseJson(answer.text);
  }

  const streaming = fetchStreamsRequestBodies();
  const body: BodyInit = streaming ? countingStream(req.data, report) : req.data instanceof Blob ? req.data : new Uint8Array(req.data);
  return http.request(req.endpoint, req.input, {
    body,
    // A stream has no length of its own: saying it lets the server refuse an oversized file at once.
    headers: streaming ? { ...headers, "Content-Length": String(total) } : headers,
    ...(req.signal ? { signal: req.signal } : {}),
    read: async (res) => {
      const answer = parseJson(await res.text());
      report(total);
      return answer;
    },
  });
}
