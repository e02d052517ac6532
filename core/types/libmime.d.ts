// libmime ships no types; this declares the one function MX Standby uses.
declare module 'libmime' {
  /** Decodes RFC 2047 encoded-words ("=?utf-8?Q?...?=") in a header value. */
  export function decodeWords(value: string): string;
  const libmime: { decodeWords: typeof decodeWords };
  export default libmime;
}
