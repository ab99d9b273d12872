/** Schema 005: room aliases of this server (see tables/room-aliases.ts). */
import type { Migration } from "./migration.js";

export const migration005: Migration = {
  id: 5,
  name: "room_aliases",
  sql: /* sql */ `
CREATE TABLE room_aliases (
  alias text PRIMARY KEY,
  room_id text NOT NULL REFERENCES rooms (room_id),
  creator text NOT NULL,
  created_ts bigint NOT NULL
);
CREATE INDEX room_aliases_room ON room_aliases (room_id);
`,
};
