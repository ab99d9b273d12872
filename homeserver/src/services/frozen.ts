/**
 * Deep freezing for values a process-wide cache hands to every caller
 * (rooms/decoded-events.ts, rooms/push-rules-source.ts): a caller that
 * tried to change a shared value would change it for everyone, so the
 * attempt throws instead (modules are strict mode).
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
