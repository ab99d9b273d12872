/**
 * Server processes for the bench: `node <script>` with an environment of its
 * own, ready once it logs the JSON line {"msg":"listening","url":...} on
 * stdout (Ward's main.ts does; so does koa-hello.ts). Run from dist/, the
 * scripts are dist's .js files; run from src/ through tsx (the smoke test),
 * the .ts sources with `--import tsx`, so the server is always the same code
 * as the harness.
 *
 * Output is drained for as long as the child runs (a full pipe would stall
 * it) and only its tail is kept, for the error when it dies.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const TAIL_BYTES = 8_192;

export type ChildServer = {
  readonly label: string;
  readonly pid: number;
  readonly url: string;
  /** SIGTERM, then SIGKILL if it has not exited in time; resolves with the exit code. */
  stop(): Promise<number | null>;
};

const fromSource = import.meta.url.endsWith(".ts");
/** The repository root: `homeserver/{src,dist}/bench/` is three levels down. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The command line for a script next to this module (`name` without extension, relative to bench/). */
export function scriptArgs(name: string): string[] {
  const file = fileURLToPath(new URL(`${name}${fromSource ? ".ts" : ".js"}`, import.meta.url));
  return fromSource ? ["--import", "tsx", file] : [file];
}

/** Children still running: killed if the harness exits without stopping them (a crash must not leave servers behind). */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function spawnServer(label: string, args: readonly string[], env: Record<string, string>): Promise<ChildServer> {
  // Only the variables given here configure the child: none of the harness's WARD_* leak in.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("WARD_")));
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-TAIL_BYTES);
  };
  child.stderr.on("data", keep);
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );

  const url = await new Promise<string>((resolve, reject) => {
    let pending = "";
    let settled = false;
    const timer = setTimeout(() => fail(`no "listening" line after ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${label}: ${why}; its output ends:\n${tail}`));
    };
    const onData = (chunk: Buffer) => {
      keep(chunk);
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const found = listeningUrl(line);
        if (found) {
          settled = true;
          clearTimeout(timer);
          child.stdout.off("data", onData);
          child.stdout.on("data", keep);
          resolve(found);
          return;
        }
      }
    };
    child.stdout.on("data", onData);
    void exited.then((code) => fail(`exited with ${code} before listening`));
  });

  let stopping: Promise<number | null> | undefined;
  return {
    label,
    pid: child.pid!,
    url,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        const code = await exited;
        clearTimeout(timer);
        return code;
      })()),
  };
}

function listeningUrl(line: string): string | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
    return entry.msg === "listening" && typeof entry.url === "string" ? entry.url : undefined;
  } catch {
    return undefined;
  }
}
