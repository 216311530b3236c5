/**
 * TIFF directory entries and their serialisation, for classic TIFF (32-bit offsets) and BigTIFF (64-bit),
 * little-endian. The directory is written after the pixel data, once the strip offsets are known.
 */
export const TIFF_TYPE = { ASCII: 2, SHORT: 3, LONG: 4, DOUBLE: 12, LONG8: 16 } as const;

export interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  /** The values, little-endian. */
  bytes: Uint8Array;
}

export function shortEntry(tag: number, values: ArrayLike<number>): IfdEntry {
  const bytes = new Uint8Array(2 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setUint16(2 * i, values[i]!, true);
  return { tag, type: TIFF_TYPE.SHORT, count: values.length, bytes };
}

export function longEntry(tag: number, values: ArrayLike<number>): IfdEntry {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setUint32(4 * i, values[i]!, true);
  return { tag, type: TIFF_TYPE.LONG, count: values.length, bytes };
}

export function long8Entry(tag: number, values: ArrayLike<number>): IfdEntry {
  const bytes = new Uint8Array(8 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setBigUint64(8 * i, BigInt(values[i]!), true);
  return { tag, type: TIFF_TYPE.LONG8, count: values.length, bytes };
}

export function doubleEntry(tag: number, values: ArrayLike<number>): IfdEntry {
  const bytes = new Uint8Array(8 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(8 * i, values[i]!, true);
  return { tag, type: TIFF_TYPE.DOUBLE, count: values.length, bytes };
}

/** ASCII with its terminating NUL, one byte a character (latin1), as the TIFF spec counts them. */
export function asciiEntry(tag: number, text: string): IfdEntry {
  const bytes = Uint8Array.from(Buffer.from(text.endsWith('\0') ? text : `${text}\0`, 'latin1'));
  return { tag, type: TIFF_TYPE.ASCII, count: bytes.length, bytes };
}

/** The file header, pointing at the first directory. */
export function tiffHeader(bigTiff: boolean, firstIfdOffset: number): Uint8Array {
  const out = new Uint8Array(bigTiff ? 16 : 8);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49]); // "II": little-endian
  if (bigTiff) {
    view.setUint16(2, 43, true);
    view.setUint16(4, 8, true); // bytes per offset
    view.setBigUint64(8, BigInt(firstIfdOffset), true);
  } else {
    view.setUint16(2, 42, true);
    view.setUint32(4, firstIfdOffset, true);
  }
  return out;
}

/**
 * The directory as it sits at `offset` in the file, followed by the values too large to fit in their entries.
 * Entries are sorted by tag (the spec requires it); values start on a word boundary.
 */
export function serializeIfd(entries: IfdEntry[], offset: number, bigTiff: boolean): Uint8Array {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const inline = bigTiff ? 8 : 4;
  const entrySize = bigTiff ? 20 : 12;
  const headSize = bigTiff ? 8 + entrySize * sorted.length + 8 : 2 + entrySize * sorted.length + 4;
  const align = (n: number) => n + (n & 1);
  let extra = 0;
  for (const e of sorted) if (e.bytes.length > inline) extra += align(e.bytes.length);
  const out = new Uint8Array(align(headSize) + extra);
  const view = new DataView(out.buffer);
  if (bigTiff) view.setBigUint64(0, BigInt(sorted.length), true);
  else view.setUint16(0, sorted.length, true);
  let at = bigTiff ? 8 : 2;
  let valueAt = align(headSize);
  for (const e of sorted) {
    view.setUint16(at, e.tag, true);
    view.setUint16(at + 2, e.type, true);
    if (bigTiff) view.setBigUint64(at + 4, BigInt(e.count), true);
    else view.setUint32(at + 4, e.count, true);
    const slot = at + (bigTiff ? 12 : 8);
    if (e.bytes.length <= inline) {
      out.set(e.bytes, slot);
    } else {
      if (bigTiff) view.setBigUint64(slot, BigInt(offset + valueAt), true);
      else view.setUint32(slot, offset + valueAt, true);
      out.set(e.bytes, valueAt);
      valueAt += align(e.bytes.length);
    }
    at += entrySize;
  }
  // The next-directory offset stays 0: one image per file.
  return out;
}
