/**
 * A directory search term as words. People type names ("rob smi"), user
 * names ("@janedoe") or whole user IDs ("@janedoe:clinic.example"): a
 * leading "@" is dropped, and a user ID of this server stands for its
 * localpart. A user ID of another server is kept whole, so it matches no
 * local account rather than everyone named like its localpart.
 */
export const MAX_SEARCH_WORDS = 8;

export function searchWordsOf(term: string, serverName: string): string[] {
  const words: string[] = [];
  for (const raw of term.trim().split(/\s+/u)) {
    if (raw === "") continue;
    const match = /^@([^:]*)(?::(.*))?$/u.exec(raw);
    const word = match && (match[2] === undefined || match[2] === serverName) ? (match[1] ?? "") : raw;
    if (word !== "" && !words.includes(word)) words.push(word);
  }
  // Extra words could only narrow the answer further; a bound keeps the query small.
  return words.slice(0, MAX_SEARCH_WORDS);
}
