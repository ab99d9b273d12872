// Barrel for protocol/src/endpoints; filled by the module's author.
export {};
