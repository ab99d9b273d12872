import { readdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import t from "tap";
import { MediaStore } from "../../../src/services/media/media-store.js";
import { tempDir } from "../../helpers/http.js";

const HOUR = 3_600_000;

t.test("writes land whole or not at all", async (t) => {
  const store = new MediaStore(join(tempDir(), "media"));
  await store.init();
  const path = store.newPath("abcdefghijklmnopqrstuvwxyz012345", "o");
  t.match(path, /^ab\/abcdefghijklmnopqrstuvwxyz012345\.o\.[A-Za-z0-9_-]{12}$/);
  await store.writeFile(path, (out) => pipeline(Readable.from([Buffer.from("sealed bytes")]), out));
  t.same(await readdir(join(store.dir, "ab")), [path.slice(3)]);
  t.same(await store.tempFiles(), []);
  const failing = store.newPath("abXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "o");
  await t.rejects(
    store.writeFile(failing, (out) => pipeline(Readable.from((async function* () { yield Buffer.from("half"); throw new Error("client went away"); })()), out)),
    /client went away/,
  );
  t.same(await store.tempFiles(), [], "the temporary file is removed");
  t.same(await readdir(join(store.dir, "ab")), [path.slice(3)], "and nothing was renamed into place");
});

t.test("only paths of the store's own shape are ever opened", async (t) => {
  const store = new MediaStore(join(tempDir(), "media"));
  for (const bad of ["../etc/passwd", "ab/../../x.o.y", "/etc/passwd", "ab/x", "ab/abc.o.y/../z", "ab\\x.o.y", "ab/x.o.y\u0000"]) {
    t.throws(() => store.absolute(bad), /not a media store path/, JSON.stringify(bad));
  }
});

t.test("the sweep removes old temporary files and old files without a row, nothing young, nothing foreign", async (t) => {
  const store = new MediaStore(join(tempDir(), "media"));
  await store.init();
  const now = Date.now();
  const old = new Date(now - 2 * HOUR);
  const put = async (relative: string, aged: boolean) => {
    await writeFile(join(store.dir, relative), "x").catch(async () => {
      const { mkdir } = await import("node:fs/promises");
      await mkdir(join(store.dir, relative.split("/")[0]!), { recursive: true });
      await writeFile(join(store.dir, relative), "x");
    });
    if (aged) await utimes(join(store.dir, relative), old, old);
  };
  await put("tmp/old.part", true);
  await put("tmp/new.part", false);
  await put("ab/abKEPT.o.r1", true);
  await put("ab/abORPHAN.o.r2", true);
  await put("ab/abYOUNG.o.r3", false);
  await put("ab/README", true);
  const result = await store.sweep(async (paths) => new Set(paths.filter((p) => p.includes("KEPT"))), now);
  t.same(result, { tempFiles: 1, orphans: 1 });
  t.same((await readdir(join(store.dir, "tmp"))).sort(), ["new.part"]);
  t.same((await readdir(join(store.dir, "ab"))).sort(), ["README", "abKEPT.o.r1", "abYOUNG.o.r3"]);
});
