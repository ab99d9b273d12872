import t from "tap";
import { createRateLimiter, TokenBucketLimiter } from "../../src/http/rate-limit.js";

t.test("a bucket allows a burst, then refills at the sustained rate", async (t) => {
  let now = 0;
  const limiter = new TokenBucketLimiter({ perSecond: 2, burst: 3, now: () => now });
  t.same([limiter.take("a"), limiter.take("a"), limiter.take("a")], [0, 0, 0], "burst of 3");
  t.equal(limiter.take("a"), 500, "empty: a token in 1/2 s");
  t.equal(limiter.take("b"), 0, "other keys have their own bucket");
  now = 250;
  t.equal(limiter.take("a"), 250, "half a token refilled");
  now = 500;
  t.equal(limiter.take("a"), 0, "one token after 500 ms");
  now = 100_000;
  t.same([limiter.take("a"), limiter.take("a"), limiter.take("a"), limiter.take("a") > 0], [0, 0, 0, true], "refill caps at the burst");
});

t.test("memory stays bounded: idle buckets go first, then the oldest", async (t) => {
  let now = 0;
  const limiter = new TokenBucketLimiter({ perSecond: 1, burst: 2, now: () => now, maxBuckets: 10 });
  for (let i = 0; i < 10; i++) limiter.take(`ip:${i}`);
  now = 5000; // every bucket full again
  limiter.take("ip:new");
  t.equal(limiter.size, 1, "full buckets were dropped");
  for (let i = 0; i < 30; i++) limiter.take(`busy:${i}`);
  t.ok(limiter.size <= 10);
});

t.test("WARD_RATE_LIMITS=false means no limiter", async (t) => {
  t.equal(createRateLimiter({ enabled: false, perSecond: 1, burst: 1 }), undefined);
  t.ok(createRateLimiter({ enabled: true, perSecond: 1, burst: 1 }) instanceof TokenBucketLimiter);
});
