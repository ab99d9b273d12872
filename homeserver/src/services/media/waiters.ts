/**
 * Downloads waiting for an asynchronous upload (POST /v1/create, then PUT)
 * in this process, woken the moment the upload lands here. An upload
 * through another process is noticed by the waiter's next look at the row.
 */
export class UploadWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Resolves when `mediaId` is uploaded in this process, after `ms`, or on `signal`; whichever is first. */
  wait(mediaId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const set = this.waiting.get(mediaId) ?? new Set();
      this.waiting.set(mediaId, set);
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        set.delete(done);
        if (set.size === 0 && this.waiting.get(mediaId) === set) this.waiting.delete(mediaId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
      set.add(done);
    });
  }

  uploaded(mediaId: string): void {
    for (const done of [...(this.waiting.get(mediaId) ?? [])]) done();
  }

  /** Wakes everyone (shutdown): they look once more and answer. */
  close(): void {
    for (const id of [...this.waiting.keys()]) this.uploaded(id);
  }
}
