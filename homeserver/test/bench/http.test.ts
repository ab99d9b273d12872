/**
 * The harness's transport retries a request whose reused keep-alive socket
 * the server had closed, once, on a new connection: with every pooled
 * socket stale (a pause longer than the server's keep-alive timeout), a
 * retry on the next pooled socket would fail the same way.
 */
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import t from "tap";
import { HttpEndpoint } from "../../src/bench/http.js";

/** Answers the first request of each connection, then drops the connection on its next one, as a server whose keep-alive timeout just fired. */
async function oneRequestPerConnection(): Promise<{ server: Server; url: string; connections: () => number }> {
  const served = new WeakSet<Socket>();
  let connections = 0;
  const server = createServer((req, res) => {
    if (served.has(req.socket)) return void req.socket.destroy();
    served.add(req.socket);
    // Hold the first two answers a moment, so both requests need a socket of their own.
    setTimeout(() => res.end("ok"), 20);
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}`, connections: () => connections };
}

t.test("a request on a stale pooled socket is retried on a new connection", async (t) => {
  const { server, url, connections } = await oneRequestPerConnection();
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const endpoint = new HttpEndpoint(url);
  t.teardown(() => endpoint.close());

  // Two sockets in the pool, both of which the server will drop on reuse.
  const first = await Promise.all([endpoint.request("GET", "/a"), endpoint.request("GET", "/b")]);
  t.same(first.map((r) => r.text), ["ok", "ok"]);
  t.equal(connections(), 2);

  const res = await endpoint.request("GET", "/c");
  t.same([res.status, res.text], [200, "ok"], "answered after one retry");
  t.equal(connections(), 3, "the retry opened a new connection");
});
