/**
 * Handling /sync answers, against a scripted server: filling the gap of a
 * limited timeline from /messages, a gap too large to fill, a failed fill
 * retried without applying anything twice, and which events are live.
 */
import t from "tap";
import { MemorySyncStore, WardClient, type ClientEvents } from "../../src/index.js";
import { json, type Call } from "../helpers/fake-fetch.js";

const ME = "@me:w";
const ROOM = "!r:w";
let ts = 1;
const msg = (n: number) => ({ event_id: `$${n}`, type: "m.room.message", sender: "@o:w", origin_server_ts: ts++, content: { msgtype: "m.text", body: `m${n}` } });
const join = (userId: string, prev?: string) => ({
  event_id: `$join-${userId}-${ts}`, type: "m.room.member", state_key: userId, sender: userId, origin_server_ts: ts++, content: { membership: "join" },
  ...(prev ? { unsigned: { prev_content: { membership: prev } } } : {}),
});
const room = (events: object[], extra: object = {}) => ({ join: { [ROOM]: { timeline: { events, limited: false, prev_batch: "p0" }, ...extra } } });
const limited = (events: object[], prevBatch: string) => ({ join: { [ROOM]: { timeline: { events, limited: true, prev_batch: prevBatch } } } });

/** A server scripted per endpoint: /sync answers in order, /messages by `from` token. */
function server(syncs: Array<object | (() => Response)>, pages: Record<string, (() => Response) | object>) {
  const calls: Call[] = [];
  const fetch = async (input: string, init: RequestInit) => {
    const url = new URL(input);
    calls.push({ url, init });
    if (url.pathname.endsWith("/sync")) {
      const next = syncs.shift();
      if (next === undefined) return new Promise<Response>((_, reject) => init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
      return typeof next === "function" ? (next as () => Response)() : json(200, next);
    }
    const page = pages[url.searchParams.get("from") ?? ""];
    if (page === undefined) return json(404, { errcode: "M_NOT_FOUND" });
    return typeof page === "function" ? (page as () => Response)() : json(200, page);
  };
  return { fetch, calls };
}

function client(fetch: (input: string, init: RequestInit) => Promise<Response>, gapFillLimit = 200) {
  const c = new WardClient({ baseUrl: "https://w.test", accessToken: "tok", userId: ME, fetch, gapFillLimit, backoff: { initialMs: 1, maxMs: 2 }, store: new MemorySyncStore() });
  const live: string[] = [];
  const history: string[] = [];
  const gaps: number[] = [];
  c.on("timeline", ({ event, live: isLive }) => (isLive ? live : history).push(event.event_id));
  c.on("timelineGap", () => gaps.push(1));
  t.teardown(() => c.stop());
  return { c, live, history, gaps };
}

const waitSync = (c: WardClient, batch: string) => c.next("sync", (s: ClientEvents["sync"]) => s.nextBatch === batch);

t.test("a limited timeline is filled from /messages, between prev_batch and the old token", async (t) => {
  const { fetch, calls } = server(
    [{ next_batch: "s1", rooms: room([join(ME), msg(1)]) }, { next_batch: "s2", rooms: limited([msg(5), msg(6)], "p5") }],
    { p5: { start: "p5", end: "p3", chunk: [msg(4), msg(3)] }, p3: { start: "p3", chunk: [msg(2)] } },
  );
  const { c, live, history, gaps } = client(fetch);
  await c.start();
  await waitSync(c, "s2");
  t.same(history.filter((id) => id.startsWith("$") && !id.startsWith("$join")), ["$1"], "the initial sync is history");
  t.same(live, ["$2", "$3", "$4", "$5", "$6"], "the missed events come first, oldest first, each once");
  t.same(gaps, []);
  const page = calls.find((c) => c.url.pathname.endsWith("/messages"))!.url.searchParams;
  t.same([page.get("dir"), page.get("from"), page.get("to")], ["b", "p5", "s1"]);
  t.same(c.getRoom(ROOM)!.timeline.map((e) => e.event_id).slice(1), ["$1", "$2", "$3", "$4", "$5", "$6"]);
});

t.test("a gap larger than the fill limit: the latest are kept, the window starts over, history continues behind them", async (t) => {
  const { fetch, calls } = server(
    [{ next_batch: "s1", rooms: room([join(ME)]) }, { next_batch: "s2", rooms: limited([msg(9)], "p9") }],
    { p9: { start: "p9", end: "p7", chunk: [msg(8), msg(7)] }, p7: { start: "p7", end: "p5", chunk: [msg(6), msg(5)] } },
  );
  const { c, live, gaps } = client(fetch, 2);
  await c.start();
  await waitSync(c, "s2");
  t.same(live, ["$7", "$8", "$9"]);
  t.same(gaps, [1], "timelineGap");
  const r = c.getRoom(ROOM)!;
  t.same(r.timeline.map((e) => e.event_id), ["$7", "$8", "$9"], "the window starts over");
  const page = await r.paginateBack(2);
  t.same(page.events.map((e) => e.event_id), ["$5", "$6"], "and pages back from behind the events fetched");
  t.equal(calls.filter((c) => c.url.pathname.endsWith("/messages")).at(-1)?.url.searchParams.get("from"), "p7");
});

t.test("a fill that gets no answer is retried with the whole answer; nothing is applied twice", async (t) => {
  let failures = 1;
  const { fetch } = server(
    [{ next_batch: "s1", rooms: room([join(ME)]) }, { next_batch: "s2", rooms: limited([msg(3)], "p3") }, { next_batch: "s2", rooms: limited([msg(3)], "p3") }],
    { p3: () => (failures-- > 0 ? json(502, {}) : json(200, { start: "p3", chunk: [msg(2)] })) },
  );
  const { c, live } = client(fetch);
  const errors: unknown[] = [];
  c.on("syncError", ({ error }) => errors.push(error));
  await c.start();
  await waitSync(c, "s2");
  t.equal(errors.length, 1, "one failed attempt");
  t.same(live, ["$2", "$3"], "each event once, in order");
});

t.test("a fill the server refuses counts as a gap, not as a failure", async (t) => {
  const { fetch } = server(
    [{ next_batch: "s1", rooms: room([join(ME)]) }, { next_batch: "s2", rooms: limited([msg(3)], "p3") }],
    { p3: () => json(403, { errcode: "M_FORBIDDEN", error: "no" }) },
  );
  const { c, live, gaps } = client(fetch);
  await c.start();
  await waitSync(c, "s2");
  t.same(live, ["$3"]);
  t.same(gaps, [1]);
  t.equal(c.syncState, "syncing");
});

t.test("in a room joined since the last answer, what precedes the join is history", async (t) => {
  const { fetch, calls } = server(
    [
      { next_batch: "s1", rooms: {} },
      { next_batch: "s2", rooms: limited([msg(1), join(ME, "invite"), msg(2), join(ME, "join"), msg(3)], "p0") },
    ],
    {},
  );
  const { c, live, history } = client(fetch);
  await c.start();
  await waitSync(c, "s2");
  t.same(history, ["$1"]);
  t.equal(live.length, 4, "the join, the messages after it and a display name change");
  t.same(live.filter((id) => !id.startsWith("$join")), ["$2", "$3"]);
  t.notOk(calls.some((c) => c.url.pathname.endsWith("/messages")), "no gap to fill before one's own join");
});
