/**
 * The sender with a scripted fetch: retries keep the transaction ID, sends in
 * one room go one after another, refusals fail at once.
 */
import t from "tap";
import { HttpClient, type PendingEvent } from "../../src/index.js";
import { Sender } from "../../src/sending/sender.js";
import { json, scriptedFetch, type Step } from "../helpers/fake-fetch.js";

function sender(steps: Step[]) {
  const script = scriptedFetch(steps);
  const http = new HttpClient({ baseUrl: "https://ward.test", accessToken: "tok", fetch: script.fetch });
  const statuses: string[] = [];
  const s = new Sender(http, { maxAttempts: 3, backoff: { initialMs: 1, maxMs: 2 } }, new AbortController().signal, (p) => statuses.push(`${p.txnId}:${p.status}`));
  const send = (roomId: string, body: string, txnId: string): PendingEvent => {
    const p = s.create(roomId, "m.room.message", { msgtype: "m.text", body }, txnId);
    s.start(p);
    return p;
  };
  return { send, calls: script.calls, statuses };
}

const txnOf = (url: URL) => decodeURIComponent(url.pathname.split("/").at(-1)!);

t.test("a retried send keeps its transaction ID", async (t) => {
  const { send, calls, statuses } = sender([
    () => json(500, { errcode: "M_UNKNOWN" }),
    () => Promise.reject(new TypeError("reset")),
    () => json(200, { event_id: "$1" }),
  ]);
  const p = send("!r:w", "hi", "txn-1");
  t.equal(await p.confirmed(), "$1");
  t.same(calls.map((c) => txnOf(c.url)), ["txn-1", "txn-1", "txn-1"]);
  t.same(statuses, ["txn-1:sending", "txn-1:sent"]);
});

t.test("a refusal fails at once; too many failures fail too; retry() uses the same ID", async (t) => {
  const { send, calls } = sender([
    () => json(403, { errcode: "M_FORBIDDEN", error: "not a member" }),
    () => json(502, {}),
    () => json(502, {}),
    () => json(502, {}),
    () => json(200, { event_id: "$2" }),
  ]);
  const refused = send("!r:w", "a", "t-a");
  await t.rejects(refused.confirmed(), { name: "WardApiError", errcode: "M_FORBIDDEN" });
  t.equal(calls.length, 1, "no retry for a 403");
  const flaky = send("!r:w", "b", "t-b");
  await t.rejects(flaky.confirmed(), { name: "WardApiError", status: 502 });
  t.equal(calls.length, 4, "three attempts");
  flaky.retry();
  t.equal(await flaky.confirmed(), "$2");
  t.same(calls.slice(1).map((c) => txnOf(c.url)), ["t-b", "t-b", "t-b", "t-b"]);
});

t.test("sends in one room go in order; rooms do not wait for each other", async (t) => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const { send, calls } = sender([
    async () => {
      await held;
      return json(200, { event_id: "$first" });
    },
    () => json(200, { event_id: "$other-room" }),
    () => json(200, { event_id: "$second" }),
  ]);
  const first = send("!a:w", "1", "a1");
  const second = send("!a:w", "2", "a2");
  const other = send("!b:w", "x", "b1");
  t.equal(await other.confirmed(), "$other-room", "room b went ahead while room a's first send was held");
  t.equal(second.status, "sending");
  release();
  t.equal(await first.confirmed(), "$first");
  t.equal(await second.confirmed(), "$second");
  t.same(calls.map((c) => txnOf(c.url)), ["a1", "b1", "a2"]);
});
