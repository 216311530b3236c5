/**
 * What a tile server sent, judged by its bytes rather than its Content-Type (servers and proxies lie: a captive
 * portal answers 200 with HTML). Only a whole PNG, JPEG or WebP is a tile: a cut-off download is not cached.
 */
export type TileContentType = 'image/png' | 'image/jpeg' | 'image/webp';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A PNG ends with its IEND chunk: length 0, "IEND", its CRC. */
const PNG_END = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** The image type of whole tile bytes, or null when they are not a whole PNG, JPEG or WebP. */
export function tileImageType(bytes: Uint8Array): TileContentType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return startsWith(bytes, PNG_END, bytes.length - PNG_END.length) ? 'image/png' : null;
  // JPEG: starts with SOI and a marker, ends with EOI.
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9 ? 'image/jpeg' : null;
  // WebP: RIFF, the size of what follows, WEBP.
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
    const declared = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
    return declared + 8 === bytes.length ? 'image/webp' : null;
  }
  return null;
}

/** A few words on what the bytes are instead, for the message (HTML from a portal, an empty body...). */
export function describeNonImage(bytes: Uint8Array, contentType: string | null): string {
  if (bytes.length === 0) return 'an empty answer';
  const head = ascii(bytes, 0, Math.min(bytes.length, 64)).toLowerCase();
  if (head.includes('<html') || head.includes('<!doctype')) return 'an HTML page';
  if (startsWith(bytes, PNG_SIGNATURE) || startsWith(bytes, [0xff, 0xd8, 0xff])) return `a cut-off image (${bytes.length} bytes)`;
  return `${bytes.length} bytes that are not an image${contentType ? ` (${contentType})` : ''}`;
}
