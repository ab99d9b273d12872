/**
 * One AbortSignal for several: a media transfer stops when the app cancels it
 * or when the client logs out, whichever comes first.
 */

export type LinkedSignal = {
  readonly signal: AbortSignal;
  /** Unhooks from the given signals once the work is done (so a long-lived client's signal does not collect listeners). */
  release(): void;
};

/** A signal that aborts when any of `signals` does (undefined ones are skipped), with that one's reason. */
export function linkSignals(...signals: ReadonlyArray<AbortSignal | undefined>): LinkedSignal {
  const given = signals.filter((s): s is AbortSignal => s !== undefined);
  if (given.length === 1) return { signal: given[0]!, release: () => {} };
  // AbortSignal.any (Node 20.3+, current browsers) holds its sources weakly: nothing to release.
  if (typeof AbortSignal.any === "function") return { signal: AbortSignal.any(given), release: () => {} };
  const controller = new AbortController();
  const already = given.find((s) => s.aborted);
  if (already) {
    controller.abort(already.reason);
    return { signal: controller.signal, release: () => {} };
  }
  const release = () => {
    for (const s of given) s.removeEventListener("abort", onAbort);
  };
  const onAbort = (event: Event) => {
    release();
    controller.abort((event.target as AbortSignal).reason);
  };
  for (const s of given) s.addEventListener("abort", onAbort, { once: true });
  return { signal: controller.signal, release };
}
