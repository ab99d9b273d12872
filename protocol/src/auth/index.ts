// Barrel for protocol/src/auth; filled by the module's author.
export {};
