/**
 * Reads a password from stdin for the admin CLI: on a terminal, typed twice
 * with echo off; otherwise the first line of the piped input. Undefined when
 * nothing was given, the two entries differ, or the user pressed Ctrl-C.
 */
import type { Readable, Writable } from "node:stream";

type Stdin = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export async function readPassword(io: { stdin: Stdin; stderr: Writable }): Promise<string | undefined> {
  if (io.stdin.isTTY && io.stdin.setRawMode) {
    const first = await readHidden(io.stdin, io.stderr, "Password: ");
    if (!first) return undefined;
    const second = await readHidden(io.stdin, io.stderr, "Repeat password: ");
    return first === second ? first : undefined;
  }
  let text = "";
  for await (const chunk of io.stdin) text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
  const line = text.split(/\r?\n/)[0] ?? "";
  return line === "" ? undefined : line;
}

function readHidden(stdin: Stdin, prompt: Writable, label: string): Promise<string | undefined> {
  prompt.write(label);
  stdin.setRawMode?.(true);
  stdin.resume();
  return new Promise((resolve) => {
    let value = "";
    const finish = (result: string | undefined) => {
      stdin.off("data", onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      prompt.write("\n");
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of typeof chunk === "string" ? chunk : chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") return finish(value);
        if (char === "\u0003" || char === "\u0004") return finish(undefined); // Ctrl-C, Ctrl-D
        if (char === "\u007f" || char === "\b") value = Array.from(value).slice(0, -1).join("");
        else value += char;
      }
    };
    stdin.on("data", onData);
  });
}
