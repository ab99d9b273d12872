/**
 * Schema 011: media (services/media). A file's bytes live in the media
 * store folder, sealed with libsodium secretstream under a key derived from
 * the data key `key_id` (crypto/at-rest.ts); these tables say which files
 * exist, whose they are, and which events refer to them.
 *
 *   media             one row per mxc:// URI of this server. A row made by
 *                     POST /_matrix/media/v1/create is pending (no file yet,
 *                     uploaded_ts NULL) until its PUT or until expires_ts.
 *   media_refs        events that refer to a file (content.url,
 *                     info.thumbnail_url, avatar_url, ...): who may see such
 *                     an event may download the file (services/media/access.ts).
 *   media_thumbnails  thumbnails made once per (file, size, method), sealed too.
 */
import type { Migration } from "./migration.js";

export const migration011: Migration = {
  id: 11,
  name: "media",
  sql: /* sql */ `
CREATE TABLE media (
  media_id text PRIMARY KEY,          -- server-generated, [A-Za-z0-9_-]
  uploader text NOT NULL,
  created_ts bigint NOT NULL,
  expires_ts bigint,                  -- pending rows only: when an unused reservation lapses
  uploaded_ts bigint,                 -- NULL while pending
  content_type text,                  -- recognised from the bytes
  size bigint,                        -- plaintext bytes
  file_path text,                     -- relative to the media store folder
  sealed_name bytea,                  -- the file name given at upload, sealed (NULL: none given)
  key_id text REFERENCES data_keys (key_id), -- the data key the file and its name are sealed under
  CHECK ((uploaded_ts IS NULL) = (file_path IS NULL)),
  CHECK ((file_path IS NULL) = (key_id IS NULL))
);
CREATE INDEX media_uploader ON media (uploader) WHERE uploaded_ts IS NOT NULL;
CREATE INDEX media_pending ON media (uploader, expires_ts) WHERE uploaded_ts IS NULL;

CREATE TABLE media_refs (
  media_id text NOT NULL REFERENCES media (media_id) ON DELETE CASCADE,
  event_id text NOT NULL,
  room_id text NOT NULL,
  PRIMARY KEY (media_id, event_id)
);

CREATE TABLE media_thumbnails (
  media_id text NOT NULL REFERENCES media (media_id) ON DELETE CASCADE,
  width integer NOT NULL,
  height integer NOT NULL,
  method text NOT NULL CHECK (method IN ('crop', 'scale')),
  content_type text NOT NULL,
  size bigint NOT NULL,
  file_path text NOT NULL,
  key_id text NOT NULL REFERENCES data_keys (key_id),
  created_ts bigint NOT NULL,
  PRIMARY KEY (media_id, width, height, method)
);
`,
};
