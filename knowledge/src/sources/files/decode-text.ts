/**
 * Windows-1252 differs from Latin-1 only in 0x80–0x9F (€, curly quotes, dashes…). Node's TextDecoder
 * decodes the `windows-1252` label as Latin-1 (nodejs/node#56542), so those 32 bytes are mapped here.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Decodes an uploaded text file: a BOM decides (UTF-8, UTF-16 LE/BE); otherwise strict UTF-8, falling
 * back to Windows-1252 for files saved by older Windows tools (a superset of Latin-1 in practice).
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** Windows-1252, which is also what the web means by `iso-8859-1`, `latin1` and `us-ascii`. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return text;
}
