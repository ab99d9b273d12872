/**
 * Password hashing: argon2id through libsodium's `crypto_pwhash_str`.
 *
 * At production settings one hash takes hundreds of milliseconds of CPU
 * (INTERACTIVE: ~0.2-0.4 s, MODERATE: ~0.8-1.5 s on a 2-core machine), and
 * libsodium's WebAssembly runs synchronously: done on the main thread it
 * would freeze every request and long-poll for that long. So hashing runs in
 * one worker thread per process, shared by every hasher, one job at a time
 * (also bounding memory: each job holds memLimit bytes).
 *
 * The worker is unref'd while idle, so it never keeps a process alive.
 */
import { Worker } from "node:worker_threads";
import type { PasswordHashing } from "../../config.js";
import { sodium } from "../../crypto/sodium.js";

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password or a malformed hash; never throws for those. */
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends about the time of a real verify and answers false: unknown users cost the same as known ones. */
  verifyNobody(password: string): Promise<false>;
  /** The hash was made with other settings than the current ones (upgrade it at the next login). */
  needsRehash(hash: string): boolean;
}

/** The smallest cost libsodium allows: for tests only (loadConfig refuses it). */
export const MINIMUM_PASSWORD_HASHING: PasswordHashing = Object.freeze({ opsLimit: 1, memLimit: 8192 });

export function createPasswordHasher(settings: PasswordHashing): PasswordHasher {
  let nobody: Promise<string> | undefined;
  const hash = (password: string) => runJob<string>({ op: "hash", password, opsLimit: settings.opsLimit, memLimit: settings.memLimit });
  const verify = async (stored: string, password: string) => (await runJob<boolean>({ op: "verify", hash: stored, password })) === true;
  return {
    hash,
    verify,
    async verifyNobody(password) {
      nobody ??= hash(`nobody-${Math.random()}`);
      await verify(await nobody, password);
      return false;
    },
    needsRehash(stored) {
      try {
        return sodium().crypto_pwhash_str_needs_rehash(stored, settings.opsLimit, settings.memLimit);
      } catch {
        return true;
      }
    },
  };
}

type Job = { op: "hash"; password: string; opsLimit: number; memLimit: number } | { op: "verify"; hash: string; password: string };
type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

// Plain CommonJS, evaluated in the worker: no build step or TypeScript loader involved.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const ready = import(workerData.sodiumUrl).then((m) => { const s = m.default ?? m; return s.ready.then(() => s); });
parentPort.on("message", async (job) => {
  try {
    const s = await ready;
    let result;
    if (job.op === "hash") result = s.crypto_pwhash_str(job.password, job.opsLimit, job.memLimit);
    else {
      try { result = s.crypto_pwhash_str_verify(job.hash, job.password) === true; } catch { result = false; }
    }
    parentPort.postMessage({ id: job.id, result });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String((err && err.message) || err) });
  }
});
`;

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { sodiumUrl: import.meta.resolve("libsodium-wrappers-sumo") } });
  w.unref();
  w.on("message", (msg: { id: number; result?: unknown; error?: string }) => {
    const job = pending.get(msg.id);
    if (!job) return;
    pending.delete(msg.id);
    if (pending.size === 0) w.unref();
    if (msg.error !== undefined) job.reject(new Error(`password hashing failed: ${msg.error}`));
    else job.resolve(msg.result);
  });
  const fail = (err: Error) => {
    if (worker === w) worker = undefined;
    for (const job of pending.values()) job.reject(err);
    pending.clear();
  };
  w.on("error", fail);
  w.on("exit", (code) => fail(new Error(`password hashing worker exited with code ${code}`)));
  worker = w;
  return w;
}

function runJob<T>(job: Job): Promise<T> {
  const w = getWorker();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    // Keep the process alive while a job is out (a CLI awaiting its hash must not exit early).
    w.ref();
    w.postMessage({ ...job, id });
  });
}
