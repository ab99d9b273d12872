import t from "tap";
import { SUPPORTED_VERSIONS } from "../../../src/api/client/versions.js";
import { createApp } from "../../../src/app.js";
import type { SessionResolver } from "../../../src/http/auth.js";
import { captureLogger, serve, testConfig } from "../../helpers/http.js";

const sessions: SessionResolver = {
  resolve: async (token) => (token === "good" ? { userId: "@a:localhost", deviceId: "D", tokenHash: "h", isGuest: false } : null),
};
const app = createApp({ config: testConfig(), logger: captureLogger().logger, sessionResolver: sessions });
const server = await serve(app);
t.teardown(server.close);

t.test("lists v1.1 to v1.16 and the r0 releases, no unstable features", async (t) => {
  const res = await fetch(`${server.url}/_matrix/client/versions`);
  t.equal(res.status, 200);
  t.equal(res.headers.get("cache-control"), "no-store");
  t.equal(res.headers.get("access-control-allow-origin"), "*");
  const body = (await res.json()) as { versions: string[]; unstable_features: Record<string, boolean> };
  t.same(body.unstable_features, {});
  for (let minor = 1; minor <= 16; minor++) t.ok(body.versions.includes(`v1.${minor}`), `v1.${minor}`);
  t.ok(body.versions.includes("r0.6.1"));
  t.ok(body.versions.includes("v1.5"), "matrix-js-sdk's minimum");
  t.same(body.versions, SUPPORTED_VERSIONS);
});

t.test("a token, even a bad or malformed one, is ignored", async (t) => {
  for (const authorization of ["Bearer good", "Bearer nope", "Basic abc", "Bearer"]) {
    const res = await fetch(`${server.url}/_matrix/client/versions`, { headers: { Authorization: authorization } });
    t.equal(res.status, 200, authorization);
  }
  t.equal((await fetch(`${server.url}/_matrix/client/versions?access_token=nope`)).status, 200, "token in the URL");
});

t.test("POST is 405, the v3 prefix is not a versions path", async (t) => {
  const post = await fetch(`${server.url}/_matrix/client/versions`, { method: "POST" });
  t.equal(post.status, 405);
  t.equal(((await post.json()) as { errcode: string }).errcode, "M_UNRECOGNIZED");
  t.equal((await fetch(`${server.url}/_matrix/client/v3/versions`)).status, 404);
});
