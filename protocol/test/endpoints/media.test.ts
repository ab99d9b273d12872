import t from "tap";
import { EndpointValidationError } from "../../src/endpoints/errors.js";
import { buildPath } from "../../src/endpoints/path.js";
import { validateQuery } from "../../src/endpoints/validate.js";
import { config, create, download, downloadWithName, legacyConfig, legacyDownload, legacyDownloadWithName, legacyThumbnail, thumbnail, upload, uploadTo } from "../../src/endpoints/media.js";

t.test("media definitions", async (t) => {
  t.equal(upload.binaryBody, true);
  t.equal(download.response.kind, "binary");
  t.equal(thumbnail.response.kind, "binary");
  t.equal(config.response.kind, "json");
  for (const e of [upload, create, uploadTo, download, downloadWithName, thumbnail, config, legacyDownload, legacyDownloadWithName, legacyThumbnail, legacyConfig]) {
    t.equal(e.auth, "required", `${e.id} needs a token, the deprecated paths too`);
  }
  t.equal(uploadTo.binaryBody, true);
  t.equal(legacyDownload.response.kind, "binary");
  t.same(legacyThumbnail.aliases, ["/_matrix/media/r0/thumbnail/{serverName}/{mediaId}"]);
  t.equal(buildPath(uploadTo, { serverName: "ex.org", mediaId: "m1" }), "/_matrix/media/v3/upload/ex.org/m1");
  t.equal(create.path, "/_matrix/media/v1/create");
  t.equal(buildPath(downloadWithName, { serverName: "ex.org", mediaId: "m1", fileName: "Lab results (final).pdf" }), "/_matrix/client/v1/media/download/ex.org/m1/Lab%20results%20(final).pdf");
});

t.test("thumbnail and upload queries", async (t) => {
  t.same(validateQuery(thumbnail, { width: "64", height: "64", method: "scale", animated: "false" }), { width: 64, height: 64, method: "scale", animated: false });
  const missing = t.throws(() => validateQuery(thumbnail, { width: "64" })) as EndpointValidationError;
  t.equal(missing.errcode, "M_MISSING_PARAM");
  t.equal(missing.message, "missing required query parameter 'height'");
  const zero = t.throws(() => validateQuery(thumbnail, { width: "0", height: "1" })) as EndpointValidationError;
  t.equal(zero.errcode, "M_INVALID_PARAM");
  t.equal(zero.field, "width");
  t.equal((t.throws(() => validateQuery(thumbnail, { width: "1", height: "1", method: "stretch" })) as EndpointValidationError).field, "method");
  t.same(validateQuery(download, { timeout_ms: "20000" }), { timeout_ms: 20000 });
  t.same(validateQuery(upload, { filename: "War and Peace.pdf" }), { filename: "War and Peace.pdf" });
});
