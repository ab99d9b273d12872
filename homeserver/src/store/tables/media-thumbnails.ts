/**
 * Table media_thumbnails (migration 011): thumbnails made once per (file,
 * width, height, method), each a sealed file in the media store like the
 * original. Concurrent makers of the same thumbnail both write a file; the
 * first row wins and the other file is an orphan the sweeper removes.
 */
import type { SqlExecutor } from "../database.js";

export type ThumbnailMethod = "crop" | "scale";

export type ThumbnailRow = {
  mediaId: string;
  width: number;
  height: number;
  method: ThumbnailMethod;
  contentType: string;
  size: number;
  filePath: string;
  keyId: string;
  createdTs: number;
};

type Raw = {
  media_id: string; width: number; height: number; method: ThumbnailMethod; content_type: string;
  size: number; file_path: string; key_id: string; created_ts: number;
};

const COLUMNS = "media_id, width, height, method, content_type, size, file_path, key_id, created_ts";

const fromRaw = (r: Raw): ThumbnailRow => ({
  mediaId: r.media_id, width: r.width, height: r.height, method: r.method, contentType: r.content_type,
  size: r.size, filePath: r.file_path, keyId: r.key_id, createdTs: r.created_ts,
});

export const mediaThumbnailsTable = {
  async get(q: SqlExecutor, mediaId: string, width: number, height: number, method: ThumbnailMethod): Promise<ThumbnailRow | null> {
    const [row] = await q.query<Raw>(
      `SELECT ${COLUMNS} FROM media_thumbnails WHERE media_id = $1 AND width = $2 AND height = $3 AND method = $4`,
      [mediaId, width, height, method],
    );
    return row ? fromRaw(row) : null;
  },

  /** Inserts unless another maker was first; returns the row that stands. */
  async insertOrGet(q: SqlExecutor, row: ThumbnailRow): Promise<ThumbnailRow> {
    await q.query(
      `INSERT INTO media_thumbnails (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [row.mediaId, row.width, row.height, row.method, row.contentType, row.size, row.filePath, row.keyId, row.createdTs],
    );
    return (await this.get(q, row.mediaId, row.width, row.height, row.method)) ?? row;
  },
};
