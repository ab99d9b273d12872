/**
 * The SDK bundles for browsers: esbuild, browser platform, from the SDK's
 * entry, with no Node-only import anywhere in what it pulls in (a `node:`
 * module would fail to resolve), and the bundle loads and exports the
 * client. The size is printed for the README; the bound (64 KiB gzipped,
 * 46 KiB today) fails if protocol's zod imports stop being tree-shakeable
 * (they were 111 KiB) or a whole library slips in by mistake.
 */
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type BuildOptions } from "esbuild";
import t from "tap";

const ENTRY = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const BROWSER: BuildOptions = { bundle: true, minify: true, format: "esm", platform: "browser", write: false, metafile: true, logLevel: "silent" };
const NODE_ONLY = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

t.test("the SDK bundles for browsers without Node-only imports", async (t) => {
  const result = await build({ ...BROWSER, entryPoints: [ENTRY] });
  t.same(result.errors, []);
  const imports = Object.values(result.metafile!.inputs).flatMap((input) => input.imports.map((i) => i.path));
  t.same(imports.filter((path) => NODE_ONLY.has(path) || path.startsWith("node:")), [], "no Node built-in module is imported");
  const code = result.outputFiles![0]!.contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  t.comment(`browser bundle: ${(code.length / 1024).toFixed(1)} KiB minified, ${(gzipped / 1024).toFixed(1)} KiB gzipped`);
  t.ok(gzipped < 64 * 1024, "under the ceiling: zod and protocol shake down to what the SDK uses");

  const loaded = (await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)) as Record<string, unknown>;
  t.type(loaded.WardClient, "function", "the bundle loads and exports the client");
  t.type(loaded.MediaApi, "function");
});

t.test("a Node-only import would fail the browser build", async (t) => {
  const leak = build({ ...BROWSER, stdin: { contents: 'import { readFile } from "node:fs/promises"; export const r = readFile;', resolveDir: process.cwd() } });
  await t.rejects(leak, /node:fs\/promises/);
});
