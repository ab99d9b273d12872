// Barrel for protocol/src/push; filled by the module's author.
export {};
