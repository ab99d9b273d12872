#!/usr/bin/env node
/**
 * The bench's baseline: a bare Koa hello-world, spawned as its own process
 * and driven by the same client code as Ward, so Ward's numbers read as a
 * fraction of what Node and Koa do on this machine. Listens on
 * BENCH_LISTEN_PORT (0: any free port) on 127.0.0.1 and announces itself
 * with the same "listening" JSON line as Ward's main.ts.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Koa from "koa";

const app = new Koa();
app.use((ctx) => {
  ctx.body = "Hello, world";
});

const server = createServer(app.callback());
server.listen(Number(process.env.BENCH_LISTEN_PORT ?? 0), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${port}` })}\n`);
});

process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
