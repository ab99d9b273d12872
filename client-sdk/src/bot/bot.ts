/**
 * A bot on top of a WardClient:
 *
 *   const bot = new Bot(client, { allowedInviters: ["@admin:ward.example"] });
 *   bot.command("echo", "Repeats the text", (ctx) => ctx.reply(ctx.argText), { usage: "<text>" });
 *   await bot.start();
 *
 * It answers commands in live `m.text` messages only: never its own messages
 * (unless told to), never notices (what bots send, so two bots cannot talk
 * in circles), never edits, never history from before it started or joined.
 * It joins rooms when invited by an allowed inviter and ignores other invites.
 * `!help` is built in and lists the commands.
 */
import type { WardClient } from "../client.js";
import type { ClientEvents } from "../client-events.js";
import type { MessageEvent } from "../events/types.js";
import type { MessageInput, Room } from "../room.js";
import { CommandRouter, parseCommand, type CommandContext, type CommandHandler } from "./command-router.js";

export type BotOptions = {
  /** Default "!". */
  prefix?: string;
  /** Users whose invites the bot accepts (a list, or a test); default: nobody. */
  allowedInviters?: readonly string[] | ((userId: string) => boolean);
  /** Default true. */
  ignoreOwnMessages?: boolean;
  /** What the bot's answers are sent as (default "m.notice"). */
  replyMsgtype?: "m.notice" | "m.text";
  /** The first line of `!help`. */
  helpTitle?: string;
  /** Told about failing commands and joins (default: console.error). */
  onError?: (error: unknown, context: { command?: string; roomId: string }) => void;
};

export class Bot {
  readonly router: CommandRouter;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    readonly client: WardClient,
    private readonly options: BotOptions = {},
  ) {
    this.router = new CommandRouter(options.prefix ?? "!");
    this.router.add("help", "Lists the commands", (ctx) => ctx.reply(this.router.help(options.helpTitle)));
  }

  /** Adds a command; `name` without the prefix. */
  command(name: string, description: string, handler: CommandHandler, options: { usage?: string; aliases?: readonly string[] } = {}): this {
    this.router.add(name, description, handler, options);
    return this;
  }

  /** Listens and starts syncing; resolves after the first sync. */
  async start(): Promise<void> {
    if (this.unsubscribe.length === 0) {
      this.unsubscribe.push(
        this.client.on("invite", (payload) => this.onInvite(payload)),
        this.client.on("timeline", (payload) => this.onTimeline(payload)),
      );
    }
    await this.client.start();
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    await this.client.stop();
  }

  private mayInvite(userId: string | undefined): boolean {
    const allowed = this.options.allowedInviters;
    if (userId === undefined || allowed === undefined) return false;
    return typeof allowed === "function" ? allowed(userId) : allowed.includes(userId);
  }

  private onInvite({ room, inviter }: ClientEvents["invite"]): void {
    if (!this.mayInvite(inviter)) return;
    this.client.joinRoom(room.roomId).catch((error: unknown) => this.report(error, { roomId: room.roomId }));
  }

  private onTimeline({ room, event, live }: ClientEvents["timeline"]): void {
    if (!live || event.type !== "m.room.message" || event.content.msgtype !== "m.text") return;
    if (event.sender === this.client.userId && (this.options.ignoreOwnMessages ?? true)) return;
    const rel = event.content["m.relates_to"];
    if (rel && "rel_type" in rel && rel.rel_type === "m.replace") return;
    const parsed = parseCommand(event.content.body, this.router.prefix);
    if (!parsed) return;
    const ctx = this.context(room, event, parsed);
    const command = this.router.get(parsed.name);
    const run = command
      ? Promise.resolve().then(() => command.handler(ctx))
      : ctx.reply(`Unknown command ${this.router.prefix}${parsed.name}. Try ${this.router.prefix}help.`);
    run.catch((error: unknown) => {
      this.report(error, { command: parsed.name, roomId: room.roomId });
      if (command) ctx.reply("Sorry, that command failed.").catch(() => undefined);
    });
  }

  private context(room: Room, event: MessageEvent, command: CommandContext["command"]): CommandContext {
    const msgtype = this.options.replyMsgtype ?? "m.notice";
    return {
      room,
      event,
      sender: event.sender,
      command,
      args: command.args,
      argText: command.argText,
      reply: (message: MessageInput) => room.reply(event, message, { msgtype }).confirmed(),
      send: (message: MessageInput) => room.sendMessage(message, { msgtype }).confirmed(),
      react: (key: string) => room.react(event.event_id, key).confirmed(),
    };
  }

  private report(error: unknown, context: { command?: string; roomId: string }): void {
    if (this.options.onError) this.options.onError(error, context);
    else console.error("@ward/client-sdk bot:", context, error);
  }
}
