/**
 * Uploads through XMLHttpRequest, in browsers: most of them cannot stream a
 * request body with fetch, but every one reports an XHR's upload progress.
 * The answer comes back as status, text and Retry-After for the caller to
 * turn into a result or a WardApiError, as fetch answers are.
 */
import { WardAbortError, WardConnectionError } from "../errors.js";
import type { PreparedRequest } from "../http.js";

export type XhrAnswer = { readonly status: number; readonly text: string; readonly retryAfter: string | null };

/** Whether this environment has XMLHttpRequest (browsers; not Node). */
export function hasXhr(): boolean {
  return typeof globalThis.XMLHttpRequest === "function";
}

/**
 * Sends `body` as `req` says (its headers carry the token and Content-Type),
 * calling `onSent(bytes)` as the upload goes. Rejects with WardAbortError
 * when `signal` aborts, WardConnectionError when no answer comes.
 */
export function xhrUpload(
  req: PreparedRequest,
  body: Blob | Uint8Array,
  endpointId: string,
  onSent: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<XhrAnswer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new WardAbortError(`${endpointId} aborted`));
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const settle = () => signal?.removeEventListener("abort", onAbort);
    xhr.open(req.method, req.url);
    for (const [name, value] of Object.entries(req.headers)) xhr.setRequestHeader(name, value);
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => onSent(event.loaded);
    xhr.onload = () => {
      settle();
      resolve({ status: xhr.status, text: typeof xhr.responseText === "string" ? xhr.responseText : "", retryAfter: xhr.getResponseHeader("Retry-After") });
    };
    xhr.onerror = () => {
      settle();
      reject(new WardConnectionError(`${endpointId}: the upload failed (no answer)`, endpointId));
    };
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => {
      settle();
      reject(new WardAbortError(`${endpointId} aborted`));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    xhr.send(body as XMLHttpRequestBodyInit);
  });
}
