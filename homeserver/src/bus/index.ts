export type { Bus, BusListener, BusMessage, StreamWake, EphemeralWake, SessionRevoked } from "./bus.js";
export { MemoryBus } from "./memory.js";
export { RedisBus, redactUrl } from "./redis.js";
import type { Bus } from "./bus.js";
import { MemoryBus } from "./memory.js";
import { RedisBus } from "./redis.js";

/** Redis when a URL is configured (several processes), in-process otherwise. */
export async function createBus(options: { redisUrl?: string | undefined; onError?: (err: Error) => void }): Promise<Bus> {
  if (options.redisUrl) {
    return RedisBus.connect({ url: options.redisUrl, ...(options.onError ? { onError: options.onError } : {}) });
  }
  return new MemoryBus();
}
