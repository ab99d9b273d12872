// Barrel for protocol/src/ids; filled by the module's author.
export {};
