import t from "tap";
import { DEFAULT_MEDIA_DENY_TYPES, loadConfig } from "../src/config.js";

const load = (env: Record<string, string | undefined>) => loadConfig({ env, cwd: "/srv/ward" });

t.test("media defaults: <data>/media, 50 MB, 1 GiB per user, executables denied", async (t) => {
  const c = load({});
  t.same(c.media, { dir: "/srv/ward/data/media", maxUploadBytes: 52_428_800, quotaBytes: 1024 ** 3, denyTypes: DEFAULT_MEDIA_DENY_TYPES });
  t.ok(Object.isFrozen(c.media) && Object.isFrozen(c.media.denyTypes));
  t.equal(load({ WARD_DATA_DIR: "/var/ward" }).media.dir, "/var/ward/media", "follows the data folder");
});

t.test("media settings", async (t) => {
  const c = load({
    WARD_MEDIA_DIR: "files",
    WARD_MEDIA_MAX_UPLOAD_SIZE: "100MiB",
    WARD_MEDIA_QUOTA_PER_USER: "5GiB",
    WARD_MEDIA_DENY_TYPES: "Application/X-Elf, application/zip ,application/x-elf",
  });
  t.same(c.media, { dir: "/srv/ward/files", maxUploadBytes: 100 * 1024 ** 2, quotaBytes: 5 * 1024 ** 3, denyTypes: ["application/x-elf", "application/zip"] });
  t.equal(load({ WARD_MEDIA_QUOTA_PER_USER: "0" }).media.quotaBytes, 0, "0: no quota");
  t.same(load({ WARD_MEDIA_DENY_TYPES: "none" }).media.denyTypes, [], "none: nothing denied");
});

t.test("a bad media setting stops start-up, naming it", async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ WARD_MEDIA_MAX_UPLOAD_SIZE: "lots" }, /^WARD_MEDIA_MAX_UPLOAD_SIZE must be a size in bytes like 1048576, 512KiB or 1MiB, got 'lots'$/],
    [{ WARD_MEDIA_MAX_UPLOAD_SIZE: "2GiB" }, /^WARD_MEDIA_MAX_UPLOAD_SIZE must be between 1KiB and 1GiB, got '2GiB'$/],
    [{ WARD_MEDIA_QUOTA_PER_USER: "-1" }, /^WARD_MEDIA_QUOTA_PER_USER must be a size in bytes/],
    [{ WARD_MEDIA_QUOTA_PER_USER: "2000GiB" }, /^WARD_MEDIA_QUOTA_PER_USER must be between 0 and 1024GiB, got '2000GiB'$/],
    [{ WARD_MEDIA_QUOTA_PER_USER: "10MiB" }, /^WARD_MEDIA_QUOTA_PER_USER must be 0 \(no quota\) or at least WARD_MEDIA_MAX_UPLOAD_SIZE \(52428800 bytes\), got '10MiB'$/],
    [{ WARD_MEDIA_DENY_TYPES: "exe files" }, /^WARD_MEDIA_DENY_TYPES must be a comma-separated list of media types/],
    [{ WARD_MEDIA_DENY_TYPES: ",," }, /^WARD_MEDIA_DENY_TYPES must be a comma-separated list/],
  ];
  for (const [env, message] of cases) t.throws(() => load(env), { name: "ConfigError", message }, String(Object.keys(env)[0]));
});
