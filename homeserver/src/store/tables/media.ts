/**
 * Table media (migration 011): one row per mxc:// URI of this server. The
 * file name given at upload is sealed here (associated data: the media ID),
 * so callers read and write plain text; the file's bytes are in the media
 * store, sealed under the same data key (services/media/file-crypto.ts).
 */
import type { Sealed } from "../../crypto/at-rest.js";
import type { SqlExecutor } from "../database.js";

export type MediaRow = {
  mediaId: string;
  uploader: string;
  createdTs: number;
  /** Pending reservations (POST /v1/create) only: when the unused ID lapses. */
  expiresTs: number | null;
  /** null while pending. */
  uploadedTs: number | null;
  contentType: string | null;
  size: number | null;
  /** Relative to the media store folder; null while pending. */
  filePath: string | null;
  /** The file name given at upload, opened; null when none was given. */
  uploadName: string | null;
  /** The data key the file and its name are sealed under; null while pending. */
  keyId: string | null;
};

/** What an upload records once its file is in place; `sealedName` from `mediaTable.sealName`, under `keyId`. */
export type StoredFile = { contentType: string; size: number; filePath: string; sealedName: Uint8Array | null; keyId: string; uploadedTs: number };

type Raw = {
  media_id: string; uploader: string; created_ts: number; expires_ts: number | null; uploaded_ts: number | null;
  content_type: string | null; size: number | null; file_path: string | null; sealed_name: Uint8Array | null; key_id: string | null;
};

const COLUMNS = "media_id, uploader, created_ts, expires_ts, uploaded_ts, content_type, size, file_path, sealed_name, key_id";

const nameContext = (mediaId: string) => ["media", mediaId, "upload_name"];

async function fromRaw(q: SqlExecutor, r: Raw): Promise<MediaRow> {
  let uploadName: string | null = null;
  if (r.sealed_name !== null && r.key_id !== null) {
    await q.atRest.knowKeys(q, [r.key_id]);
    uploadName = q.atRest.open({ keyId: r.key_id, sealed: r.sealed_name, plain: null }, nameContext(r.media_id), `file name of media ${r.media_id}`);
  }
  return {
    mediaId: r.media_id, uploader: r.uploader, createdTs: r.created_ts, expiresTs: r.expires_ts, uploadedTs: r.uploaded_ts,
    contentType: r.content_type, size: r.size, filePath: r.file_path, uploadName, keyId: r.key_id,
  };
}

export const mediaTable = {
  /** Seals a file name under the active data key; seal it before the file, and seal the file under the key ID this returns. */
  sealName(q: SqlExecutor, mediaId: string, name: string): Sealed {
    return q.atRest.seal(name, nameContext(mediaId));
  },

  async get(q: SqlExecutor, mediaId: string): Promise<MediaRow | null> {
    const [row] = await q.query<Raw>(`SELECT ${COLUMNS} FROM media WHERE media_id = $1`, [mediaId]);
    return row ? fromRaw(q, row) : null;
  },

  /** The uploader of a file (pending or not), or null when there is no such file; cheap (no name to open). */
  async uploaderOf(q: SqlExecutor, mediaId: string): Promise<string | null> {
    const [row] = await q.query<{ uploader: string }>("SELECT uploader FROM media WHERE media_id = $1", [mediaId]);
    return row?.uploader ?? null;
  },

  /** A finished upload in one step (POST /upload). */
  async insertUploaded(q: SqlExecutor, mediaId: string, uploader: string, file: StoredFile): Promise<void> {
    await q.query(
      `INSERT INTO media (${COLUMNS}) VALUES ($1, $2, $3, NULL, $3, $4, $5, $6, $7, $8)`,
      [mediaId, uploader, file.uploadedTs, file.contentType, file.size, file.filePath, file.sealedName, file.keyId],
    );
  },

  /** A reservation (POST /v1/create); the ID is random, so a clash is a bug, not a race. */
  async insertPending(q: SqlExecutor, mediaId: string, uploader: string, createdTs: number, expiresTs: number): Promise<void> {
    await q.query("INSERT INTO media (media_id, uploader, created_ts, expires_ts) VALUES ($1, $2, $3, $4)", [mediaId, uploader, createdTs, expiresTs]);
  },

  /** Fills a pending row; false when it is no longer pending (uploaded meanwhile, or swept). */
  async completePending(q: SqlExecutor, mediaId: string, file: StoredFile): Promise<boolean> {
    const rows = await q.query(
      `UPDATE media SET uploaded_ts = $2, expires_ts = NULL, content_type = $3, size = $4, file_path = $5, sealed_name = $6, key_id = $7
       WHERE media_id = $1 AND uploaded_ts IS NULL RETURNING media_id`,
      [mediaId, file.uploadedTs, file.contentType, file.size, file.filePath, file.sealedName, file.keyId],
    );
    return rows.length === 1;
  },

  /** Bytes the user has stored (uploads only; thumbnails are the server's). */
  async bytesUploadedBy(q: SqlExecutor, uploader: string): Promise<number> {
    const [row] = await q.query<{ total: number | string | null }>("SELECT sum(size) AS total FROM media WHERE uploader = $1 AND uploaded_ts IS NOT NULL", [uploader]);
    return Number(row?.total ?? 0);
  },

  /** Reservations of the user not yet used nor lapsed. */
  async pendingCount(q: SqlExecutor, uploader: string, now: number): Promise<number> {
    const [row] = await q.query<{ n: number | string }>("SELECT count(*) AS n FROM media WHERE uploader = $1 AND uploaded_ts IS NULL AND expires_ts > $2", [uploader, now]);
    return Number(row?.n ?? 0);
  },

  /** Removes lapsed reservations; returns how many. */
  async deleteLapsed(q: SqlExecutor, now: number): Promise<number> {
    const rows = await q.query("DELETE FROM media WHERE uploaded_ts IS NULL AND expires_ts <= $1 RETURNING media_id", [now]);
    return rows.length;
  },

  /** Which of these relative paths some row (file or thumbnail) still points to. */
  async pathsInUse(q: SqlExecutor, paths: readonly string[]): Promise<Set<string>> {
    if (paths.length === 0) return new Set();
    const rows = await q.query<{ file_path: string }>(
      `SELECT file_path FROM media WHERE file_path = ANY($1::text[])
       UNION ALL SELECT file_path FROM media_thumbnails WHERE file_path = ANY($1::text[])`,
      [paths],
    );
    return new Set(rows.map((r) => r.file_path));
  },
};
