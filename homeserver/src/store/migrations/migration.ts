/** One schema step: applied once, in its own transaction, in `id` order. */
export type Migration = {
  /** 1, 2, 3…: the NNN of the file name, without gaps. */
  id: number;
  name: string;
  /** Postgres SQL, possibly several statements, no parameters. */
  sql: string;
};
