/**
 * The browser path: uploads through XMLHttpRequest (its upload progress),
 * with a stand-in XMLHttpRequest, since Node has none. The SDK picks it
 * when XMLHttpRequest exists and the app gave no fetch of its own.
 */
import t from "tap";
import { clientMedia } from "@ward/protocol";
import { HttpClient, WardAbortError, WardApiError, WardConnectionError } from "../../src/index.js";
import { sendUpload } from "../../src/media/upload.js";

type Script = (xhr: FakeXhr) => void;

class FakeXhr {
  static script: Script = () => {};
  static made: FakeXhr[] = [];
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseText = "";
  responseType = "";
  aborted = false;
  responseHeaders: Record<string, string> = {};
  upload: { onprogress: ((e: { loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.made.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader(name: string) {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  send(body: unknown) {
    this.body = body;
    queueMicrotask(() => FakeXhr.script(this));
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  answer(status: number, body: unknown, headers: Record<string, string> = {}) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.responseHeaders = headers;
    this.onload?.();
  }
}

t.beforeEach(() => {
  FakeXhr.made = [];
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
});
t.afterEach(() => {
  delete (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
});

const http = () => new HttpClient({ baseUrl: "https://ward.test", accessToken: "tok" });
const data = new Uint8Array(300_000);
const request = (extra: object = {}) => ({ endpoint: clientMedia.upload, input: { query: { filename: "scan.pdf" } }, data, contentType: "application/pdf", ...extra });

t.test("progress comes from the XHR's upload events and ends at the total", async (t) => {
  FakeXhr.script = (xhr) => {
    for (const loaded of [0, 100_000, 100_000, 250_000]) xhr.upload.onprogress?.({ loaded, total: 300_000 });
    xhr.answer(200, { content_uri: "mxc://ward.test/abc", content_type: "application/pdf" });
  };
  const progress: number[] = [];
  const answer = await sendUpload(http(), request({ onProgress: (p: { loaded: number; total: number }) => progress.push(p.loaded) }));
  t.same(answer, { content_uri: "mxc://ward.test/abc", content_type: "application/pdf" });
  t.same(progress, [0, 100_000, 250_000, 300_000], "each value once, the last the whole size");
  const [xhr] = FakeXhr.made;
  t.equal(xhr?.method, "POST");
  t.equal(xhr?.url, "https://ward.test/_matrix/media/v3/upload?filename=scan.pdf");
  t.same(xhr?.headers, { Authorization: "Bearer tok", "Content-Type": "application/pdf" }, "no Content-Length: the browser sets it");
  t.equal(xhr?.body, data);
});

t.test("an error answer is a WardApiError", async (t) => {
  FakeXhr.script = (xhr) => xhr.answer(429, { errcode: "M_LIMIT_EXCEEDED", error: "Slow down" }, { "retry-after": "3" });
  const error = await sendUpload(http(), request()).catch((e: unknown) => e);
  t.type(error, WardApiError);
  t.match(error, { status: 429, errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 3000, endpointId: "media.upload" });
});

t.test("cancelling aborts the XHR and rejects with WardAbortError", async (t) => {
  const controller = new AbortController();
  FakeXhr.script = (xhr) => xhr.upload.onprogress?.({ loaded: 65_536, total: 300_000 });
  const progress: number[] = [];
  const upload = sendUpload(http(), request({ signal: controller.signal, onProgress: (p: { loaded: number }) => progress.push(p.loaded) }));
  await new Promise((resolve) => setTimeout(resolve, 5));
  controller.abort();
  await t.rejects(upload, WardAbortError);
  t.ok(FakeXhr.made[0]?.aborted);
  t.same(progress, [65_536], "no final report for an upload that did not finish");
  await t.rejects(sendUpload(http(), request({ signal: AbortSignal.abort() })), WardAbortError, "an aborted signal sends nothing");
  t.equal(FakeXhr.made.length, 1);
});

t.test("no answer is a WardConnectionError", async (t) => {
  FakeXhr.script = (xhr) => xhr.onerror?.();
  await t.rejects(sendUpload(http(), request()), WardConnectionError);
});

t.test("an app's own fetch is used instead of XMLHttpRequest", async (t) => {
  const seen: string[] = [];
  const client = new HttpClient({ baseUrl: "https://ward.test", accessToken: "tok", fetch: async (url) => (seen.push(url), new Response('{"content_uri":"mxc://ward.test/x"}')) });
  t.same(await sendUpload(client, request()), { content_uri: "mxc://ward.test/x" });
  t.same(seen, ["https://ward.test/_matrix/media/v3/upload?filename=scan.pdf"]);
  t.equal(FakeXhr.made.length, 0);
});
