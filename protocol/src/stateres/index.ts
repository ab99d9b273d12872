// Barrel for protocol/src/stateres; filled by the module's author.
export {};
