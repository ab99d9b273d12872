/**
 * What every service is built from. Services get their dependencies passed
 * in (no globals, no god object); `clock` is injected so tests control time.
 */
import type { Bus } from "../bus/bus.js";
import type { Config } from "../config.js";
import type { ServerKeys } from "../keys.js";
import type { Logger } from "../log.js";
import type { Database } from "../store/database.js";
import type { Notifier } from "./sync/notifier.js";

export type Clock = () => number;

export type ServiceContext = {
  readonly db: Database;
  readonly bus: Bus;
  readonly config: Config;
  readonly keys: ServerKeys;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly notifier: Notifier;
};
