// Barrel for protocol/src/signing; filled by the module's author.
export {};
