/**
 * What an upload sends, and a request body that counts its bytes: fetch pulls
 * the stream as it writes to the connection, so the count is the upload's
 * progress (Node, and browsers that stream request bodies).
 */

/** A file's bytes: a Blob (a browser File; Node's `fs.openAsBlob(path)`), or bytes in memory. */
export type UploadData = Blob | Uint8Array | ArrayBuffer;

/** How far an upload is: `loaded` of `total` bytes sent. The last report has `loaded === total`. */
export type UploadProgress = { readonly loaded: number; readonly total: number };

/** Bytes handed over per pull: small enough for frequent progress, large enough to cost nothing. */
export const UPLOAD_CHUNK_BYTES = 64 * 1024;

export function sizeOf(data: UploadData): number {
  return data instanceof Blob ? data.size : data.byteLength;
}

/** Bytes `[start, end)` of `data`. */
async function sliceOf(data: UploadData, start: number, end: number): Promise<Uint8Array> {
  if (data instanceof Blob) return new Uint8Array(await data.slice(start, end).arrayBuffer());
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  // A copy: the stream's consumer may transfer or keep the chunk.
  return bytes.slice(start, end);
}

/**
 * A stream of `data` in chunks of `chunkBytes`, calling `onPulled(bytesSoFar)`
 * after each chunk is taken. It reads only when asked (high-water mark 0),
 * so the count follows the connection rather than running ahead of it.
 */
export function countingStream(data: UploadData, onPulled: (loaded: number) => void, chunkBytes = UPLOAD_CHUNK_BYTES): ReadableStream<Uint8Array> {
  const total = sizeOf(data);
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (total === 0) controller.close();
      },
      async pull(controller) {
        const end = Math.min(offset + chunkBytes, total);
        const chunk = await sliceOf(data, offset, end);
        offset = end;
        controller.enqueue(chunk);
        if (offset >= total) controller.close();
        onPulled(offset);
      },
    },
    { highWaterMark: 0 },
  );
}

let streamingChecked: boolean | undefined;

/**
 * Whether this fetch can send a stream as a request body (Node 20+,
 * Chromium): the standard check, a Request that asks for `duplex` and does
 * not turn the stream into the text "[object ReadableStream]".
 */
export function fetchStreamsRequestBodies(): boolean {
  if (streamingChecked !== undefined) return streamingChecked;
  try {
    let duplexAsked = false;
    const init = {
      method: "POST",
      body: new ReadableStream(),
      get duplex() {
        duplexAsked = true;
        return "half";
      },
    };
    const request = new Request("http://localhost/", init as RequestInit);
    streamingChecked = duplexAsked && !request.headers.has("Content-Type");
  } catch {
    streamingChecked = false;
  }
  return streamingChecked;
}
