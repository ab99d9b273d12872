import t from "tap";
import { RedisBus, redactUrl } from "../../src/bus/redis.js";
import type { BusMessage } from "../../src/bus/bus.js";

const url = process.env.WARD_TEST_REDIS_URL;

t.test("redactUrl hides passwords", async (t) => {
  t.equal(redactUrl("redis://user:secret@host:6379/0"), "redis://user:***@host:6379/0");
  t.equal(redactUrl("not a url"), "<invalid url>");
});

t.test("connection failure names the (redacted) URL", async (t) => {
  await t.rejects(RedisBus.connect({ url: "redis://:pw@127.0.0.1:1/0" }), /cannot connect to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/0/);
});

if (!url) {
  if (process.env.WARD_CI) t.fail("WARD_CI is set but WARD_TEST_REDIS_URL is not: CI must test on real Redis");
  else t.comment("WARD_TEST_REDIS_URL not set: Redis bus tests skipped locally");
} else {
  t.test("two processes' buses see each other's messages", async (t) => {
    const channel = `ward:test:${process.pid}:${Date.now()}`;
    const a = await RedisBus.connect({ url, channel });
    const b = await RedisBus.connect({ url, channel });
    t.teardown(() => Promise.all([a.close(), b.close()]));
    const got: BusMessage[] = [];
    const arrived = new Promise<void>((resolve) =>
      b.subscribe((m) => {
        got.push(m);
        if (got.length === 2) resolve();
      }),
    );
    await a.publish({ kind: "stream", position: 7, roomIds: ["!room:x"], userIds: ["@u:x"] });
    await a.publish({ kind: "session-revoked", tokenHashes: ["abc"] });
    await arrived;
    t.same(got, [
      { kind: "stream", position: 7, roomIds: ["!room:x"], userIds: ["@u:x"] },
      { kind: "session-revoked", tokenHashes: ["abc"] },
    ]);
  });

  t.test("channels isolate homeservers", async (t) => {
    const a = await RedisBus.connect({ url, channel: `ward:test:a:${process.pid}` });
    const b = await RedisBus.connect({ url, channel: `ward:test:b:${process.pid}` });
    t.teardown(() => Promise.all([a.close(), b.close()]));
    const got: BusMessage[] = [];
    b.subscribe((m) => got.push(m));
    await a.publish({ kind: "stream", position: 1, roomIds: [], userIds: [] });
    await new Promise((r) => setTimeout(r, 100));
    t.same(got, []);
  });
}
