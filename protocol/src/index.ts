// @ward/protocol: pure Matrix protocol logic. No network, no database, no clock of its own.
export * from "./json.js";
export * from "./base64.js";
export * from "./sodium.js";
export * from "./room-versions.js";
export * from "./ids/index.js";
export * from "./signing/index.js";
export * from "./events/index.js";
export * from "./auth/index.js";
export * from "./stateres/index.js";
export * from "./push/index.js";
export * from "./endpoints/index.js";
