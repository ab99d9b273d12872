import t from "tap";
import { UploadWaiters } from "../../../src/services/media/waiters.js";

t.test("a waiter is woken by the upload, its time, or its signal", async (t) => {
  const waiters = new UploadWaiters();
  let woken = false;
  const waiting = waiters.wait("m1", 60_000).then(() => (woken = true));
  waiters.uploaded("other");
  await new Promise((r) => setImmediate(r));
  t.notOk(woken, "another file's upload does not wake it");
  waiters.uploaded("m1");
  await waiting;
  t.ok(woken, "its own does");
  await waiters.wait("m2", 1); // its time runs out
  const controller = new AbortController();
  const aborted = waiters.wait("m3", 60_000, controller.signal);
  controller.abort();
  await aborted;
  const closing = waiters.wait("m4", 60_000);
  waiters.close();
  await closing;
  t.pass("time, signal and close each end a wait");
});
