/**
 * Where the sync token lives between runs. The SDK keeps nothing on disk or
 * in browser storage by itself: Ward's rule is that no message data stays on
 * staff devices. An app that wants to resume after a restart (a bot) passes a
 * store; the token it holds is a position in the server's stream, no content.
 *
 * The token is saved only after the answer it came with has been handled, so
 * a crash in between means that answer comes again, never that it is lost.
 */
export interface SyncStore {
  /** The `next_batch` of the last handled sync answer; undefined before the first. */
  getSyncToken(): Promise<string | undefined>;
  setSyncToken(token: string): Promise<void>;
  /** Forget the token (after logout: the next session starts with an initial sync). */
  clear(): Promise<void>;
}

/** The default store: the token lives as long as the client object does. */
export class MemorySyncStore implements SyncStore {
  private token: string | undefined;

  constructor(initialToken?: string) {
    this.token = initialToken;
  }

  async getSyncToken(): Promise<string | undefined> {
    return this.token;
  }

  async setSyncToken(token: string): Promise<void> {
    this.token = token;
  }

  async clear(): Promise<void> {
    this.token = undefined;
  }
}
