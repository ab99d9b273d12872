/**
 * Transaction IDs. The server remembers each (device, txn ID) and answers a
 * repeat with the event it already made, so retrying a send with the SAME ID
 * can never post a message twice. IDs must not repeat across restarts of the
 * app on the same device: time, a counter and randomness make sure of it.
 */
let counter = 0;

function randomPart(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function newTxnId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `w${Date.now().toString(36)}.${counter.toString(36)}.${randomPart()}`;
}
