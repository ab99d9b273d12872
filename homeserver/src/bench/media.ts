/**
 * media: one upload (POST /_matrix/media/v3/upload) and one authenticated
 * download (GET /_matrix/client/v1/media/download/...) of `bytes` random
 * bytes, each timed, and how far the server's RSS rose above where it was
 * before the upload (a server that buffers whole files shows it here).
 *
 * Runs once GET /_matrix/client/v1/media/config answers; until then it is
 * reported as not available.
 */
import { randomBytes } from "node:crypto";
import { clientMedia } from "@ward/protocol/endpoints";
import { WardApiError } from "@ward/client-sdk";
import { call, type BenchUser } from "./client.js";
import { rssBytes, startSampling } from "./proc.js";
import type { Scenario } from "./scenario.js";
import { now, round, type Metrics } from "./stats.js";

export const NOT_BUILT = "media endpoints not built (issue 7)";

export const media: Scenario = async (ctx, meter) => {
  const [user] = await ctx.newUsers(1);
  let limit: number | undefined;
  try {
    limit = (await call(user!.endpoint, user!.http, clientMedia.config, {})).body["m.upload.size"];
  } catch (err) {
    if (err instanceof WardApiError && (err.status === 404 || err.errcode === "M_UNRECOGNIZED")) return { unavailable: NOT_BUILT };
    throw err;
  }
  const { bytes } = ctx.sizes.media;
  if (limit !== undefined && limit < bytes) return { unavailable: `the server's upload limit (m.upload.size ${limit}) is below the ${bytes} bytes to upload` };

  const data = randomBytes(bytes);
  const runs: Metrics[] = [];
  for (let r = 0; r < ctx.sizes.runs; r++) {
    const before = ctx.pids.map(rssBytes);
    const sampling = startSampling(ctx.pids);
    const { uploadMs, downloadMs } = await meter.measure(() => roundTrip(user!, data));
    const peaks = sampling.stop().peakRssBytes;
    const growth = Math.max(...peaks.map((peak, i) => peak - before[i]!));
    runs.push({ uploadMs, downloadMs, peakRssGrowthBytes: growth });
    ctx.progress(`media run ${r + 1}: upload ${uploadMs} ms, download ${downloadMs} ms, RSS +${(growth / 2 ** 20).toFixed(1)} MiB`);
  }
  return { runs };
};

async function roundTrip(user: BenchUser, data: Buffer): Promise<{ uploadMs: number; downloadMs: number }> {
  const t0 = now();
  const { body: uploaded } = await call(user.endpoint, user.http, clientMedia.upload, { query: { filename: "bench.bin" }, body: data }, {
    headers: { "Content-Type": "application/octet-stream" },
  });
  const uploadMs = now() - t0;
  const match = /^mxc:\/\/([^/]+)\/(.+)$/.exec(uploaded.content_uri);
  if (!match) throw new Error(`upload answered content_uri '${uploaded.content_uri}', not an mxc:// URI`);
  const t1 = now();
  // Prepared by the SDK, read by the transport without keeping the bytes.
  const req = user.http.prepare(clientMedia.download, { params: { serverName: match[1]!, mediaId: match[2]! } });
  const download = await user.endpoint.drain(req.method, req.url, { headers: req.headers });
  const downloadMs = now() - t1;
  if (download.status !== 200 || download.bytes !== data.length) {
    throw new Error(`download answered ${download.status} with ${download.bytes} bytes, expected 200 with ${data.length}`);
  }
  return { uploadMs: round(uploadMs), downloadMs: round(downloadMs) };
}
