import t from "tap";
import { linkSignals } from "../src/signals.js";

t.test("the linked signal aborts when any source does, with its reason", async (t) => {
  const a = new AbortController();
  const b = new AbortController();
  const linked = linkSignals(a.signal, undefined, b.signal);
  t.notOk(linked.signal.aborted);
  b.abort("logged out");
  t.ok(linked.signal.aborted);
  t.equal(linked.signal.reason, "logged out");
  t.notOk(a.signal.aborted, "the other source is untouched");
});

t.test("a source already aborted aborts it at once; one source is passed through", async (t) => {
  const done = AbortSignal.abort("gone");
  t.ok(linkSignals(new AbortController().signal, done).signal.aborted);
  const only = new AbortController().signal;
  t.equal(linkSignals(only, undefined).signal, only);
});

t.test("without AbortSignal.any, released links stop listening", async (t) => {
  const any = AbortSignal.any;
  t.teardown(() => void (AbortSignal.any = any));
  (AbortSignal as { any?: unknown }).any = undefined;
  const a = new AbortController();
  const linked = linkSignals(a.signal, new AbortController().signal);
  linked.release();
  a.abort();
  t.notOk(linked.signal.aborted, "released: the source no longer reaches it");
  const b = new AbortController();
  const kept = linkSignals(b.signal, new AbortController().signal);
  b.abort("stop");
  t.equal(kept.signal.reason, "stop");
});
