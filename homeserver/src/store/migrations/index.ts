/** Every migration, in order. A new one: add NNN_name.ts and list it here. */
import { migration001 } from "./001_initial.js";
import type { Migration } from "./migration.js";

export const migrations: readonly Migration[] = [migration001];
