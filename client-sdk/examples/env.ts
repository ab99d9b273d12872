/** Reading the examples' settings from the environment, with a clear message when one is missing. */
export function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`${name} is not set. See client-sdk/README.md, "Examples".\n`);
    process.exit(2);
  }
  return value;
}

export function optional(name: string, fallback: string): string {
  return process.env[name] || fallback;
}
