/**
 * Commands for bots: "!echo hello there" → the `echo` command with arguments
 * ["hello", "there"] (double quotes group words: !remind "ward 3" 10m). The
 * router keeps each command's description and usage and writes `!help` from
 * them, so the help never drifts from the commands.
 */
import type { MessageEvent } from "../events/types.js";
import type { MessageInput, Room } from "../room.js";

export type ParsedCommand = {
  /** The command's name, lower-cased, without the prefix. */
  readonly name: string;
  readonly args: string[];
  /** Everything after the name, as typed (trimmed). */
  readonly argText: string;
};

export type CommandContext = {
  readonly room: Room;
  /** The message that carried the command. */
  readonly event: MessageEvent;
  readonly sender: string;
  readonly command: ParsedCommand;
  readonly args: string[];
  readonly argText: string;
  /** Answers as a reply to the command (the sender is mentioned); resolves with the event ID. */
  reply(message: MessageInput): Promise<string>;
  /** Posts to the room without replying. */
  send(message: MessageInput): Promise<string>;
  react(key: string): Promise<string>;
};

/** May return a promise; the bot waits for it to report a failure. */
export type CommandHandler = (ctx: CommandContext) => unknown;

export type Command = {
  readonly name: string;
  readonly description: string;
  /** Arguments as shown in the help, e.g. "<text>". */
  readonly usage: string | undefined;
  readonly aliases: readonly string[];
  readonly handler: CommandHandler;
};

const TOKEN = /"([^"]*)"|(\S+)/g;

/** The command in `body`, if it starts with `prefix` followed by a name. */
export function parseCommand(body: string, prefix: string): ParsedCommand | undefined {
  const text = body.trimStart();
  if (!text.startsWith(prefix)) return undefined;
  // "!echo" and, for word prefixes, "bot: echo": spaces after the prefix are allowed.
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text.slice(prefix.length).trimStart());
  if (!match) return undefined;
  const argText = match[2]!.trim();
  const args = [...argText.matchAll(TOKEN)].map((m) => m[1] ?? m[2]!);
  return { name: match[1]!.toLowerCase(), args, argText };
}

export class CommandRouter {
  private readonly commands = new Map<string, Command>();
  private readonly byAlias = new Map<string, Command>();

  constructor(readonly prefix = "!") {
    if (prefix === "" || /\s/.test(prefix)) throw new RangeError("a command prefix is non-empty and has no spaces");
  }

  add(name: string, description: string, handler: CommandHandler, options: { usage?: string; aliases?: readonly string[] } = {}): this {
    const names = [name, ...(options.aliases ?? [])].map((n) => n.toLowerCase());
    for (const n of names) {
      if (!/^\S+$/.test(n)) throw new RangeError(`command name ${JSON.stringify(n)} must be one word`);
      if (this.byAlias.has(n)) throw new RangeError(`command ${this.prefix}${n} is defined twice`);
    }
    const command: Command = { name: names[0]!, description, usage: options.usage, aliases: names.slice(1), handler };
    this.commands.set(command.name, command);
    for (const n of names) this.byAlias.set(n, command);
    return this;
  }

  get(name: string): Command | undefined {
    return this.byAlias.get(name.toLowerCase());
  }

  list(): Command[] {
    return [...this.commands.values()];
  }

  /** The help text, one line per command, in the order they were added. */
  help(title?: string): string {
    const lines = this.list().map((c) => {
      const usage = c.usage ? ` ${c.usage}` : "";
      const aliases = c.aliases.length > 0 ? ` (also ${c.aliases.map((a) => this.prefix + a).join(", ")})` : "";
      return `${this.prefix}${c.name}${usage} — ${c.description}${aliases}`;
    });
    return [title ?? "Commands:", ...lines].join("\n");
  }
}
