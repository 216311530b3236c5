/**
 * The structure of a JPEG 2000 file (ISO/IEC 15444-1), enough to decode it a tile at a time: where the codestream
 * lies in the JP2 boxes, the main header (SIZ: image and tile grid), and where each tile's tile-parts are.
 *
 * The wasm OpenJPEG build decodes whole codestreams only (no decode area). A Sentinel-2 band is 10980 x 10980 pixels
 * in 1024 x 1024 tiles; decoded whole it is 240 MB of UInt16 plus OpenJPEG's 480 MB of Int32 work buffers. So each
 * tile is made into a codestream of its own: the main header with SIZ narrowed to the tile (image origin and extent
 * set to the tile's, the tile grid origin moved onto it, so the one tile keeps its absolute coordinates and with them
 * the parity of every wavelet level, code-block and precinct partition), the tile's tile-parts renumbered as tile 0,
 * and an EOC. Decoding it gives exactly that tile's pixels; memory follows the tile, not the band.
 */
import { UserError } from '../../../shared/errors';

/** Reads `length` bytes at `offset` of the file being parsed. */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

const SOC = 0xff4f;
const SIZ = 0xff51;
const COD = 0xff52;
const SOT = 0xff90;
const TLM = 0xff55;
const PLM = 0xff57;
const PPM = 0xff60;
const EOC = 0xffd9;

export interface Jp2Component {
  /** Bits per sample. */
  precision: number;
  signed: boolean;
  dx: number;
  dy: number;
}

/** SIZ: the image and the tile grid on the reference grid. */
export interface Jp2Size {
  x1: number;
  y1: number;
  x0: number;
  y0: number;
  tileWidth: number;
  tileHeight: number;
  tileX0: number;
  tileY0: number;
  components: Jp2Component[];
}

export interface Jp2Structure {
  siz: Jp2Size;
  /** The main header's marker segments as stored (SOC first), TLM and PLM left out: they index every tile. */
  mainHeader: Uint8Array[];
  /** Index of the SIZ segment in mainHeader. */
  sizIndex: number;
  tilesAcross: number;
  tilesDown: number;
  /** Wavelet decomposition levels (COD): resolutions down to 2^levels times smaller decode directly. */
  levels: number;
  /** Per tile index: its tile-parts as [offset, length] in the file. */
  tileParts: [number, number][][];
}

const be16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const be32 = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;

/** Where the codestream is: after the JP2 boxes' jp2c header, or the whole file for a raw .j2k codestream. */
async function findCodestream(read: ReadAt, fileSize: number, file: string): Promise<{ start: number; end: number }> {
  const head = await read(0, Math.min(16, fileSize));
  if (head.length >= 2 && be16(head, 0) === SOC) return { start: 0, end: fileSize };
  let at = 0;
  while (at + 8 <= fileSize) {
    const box = await read(at, Math.min(16, fileSize - at));
    let length = be32(box, 0);
    const type = String.fromCharCode(...box.subarray(4, 8));
    let header = 8;
    if (length === 1) {
      if (box.length < 16) break;
      length = be32(box, 8) * 2 ** 32 + be32(box, 12);
      header = 16;
    } else if (length === 0) length = fileSize - at;
    if (length < header) break;
    if (type === 'jp2c') return { start: at + header, end: Math.min(fileSize, at + length) };
    at += length;
  }
  throw new UserError('is not a JPEG 2000 file (no codestream box)', file);
}

function parseSiz(segment: Uint8Array): Jp2Size {
  const components: Jp2Component[] = [];
  const count = be16(segment, 38);
  for (let c = 0; c < count; c++) {
    const ssiz = segment[40 + 3 * c]!;
    components.push({ precision: (ssiz & 0x7f) + 1, signed: (ssiz & 0x80) !== 0, dx: segment[41 + 3 * c]!, dy: segment[42 + 3 * c]! });
  }
  const v = (at: number) => be32(segment, at);
  return { x1: v(6), y1: v(10), x0: v(14), y0: v(18), tileWidth: v(22), tileHeight: v(26), tileX0: v(30), tileY0: v(34), components };
}

/** Parses the main header and indexes every tile-part (a few bytes read per tile-part, never the data). */
export async function readJp2Structure(read: ReadAt, fileSize: number, file: string): Promise<Jp2Structure> {
  const damaged = (what: string) => new UserError(`is a damaged or truncated JPEG 2000 file (${what}); download the product again`, file);
  const { start, end } = await findCodestream(read, fileSize, file);
  const mainHeader: Uint8Array[] = [];
  let at = start;
  const soc = await read(at, 2);
  if (be16(soc, 0) !== SOC) throw damaged('no start of codestream');
  mainHeader.push(soc);
  at += 2;
  let siz: Jp2Size | null = null;
  let sizIndex = -1;
  let levels = 0;
  for (;;) {
    if (at + 4 > end) throw damaged('its main header ends early');
    const marker = await read(at, 4);
    const code = be16(marker, 0);
    if (code === SOT) break;
    const length = be16(marker, 2);
    if ((code & 0xff00) !== 0xff00 || length < 2 || at + 2 + length > end) throw damaged(`bad marker at byte ${at}`);
    const segment = await read(at, 2 + length);
    if (code === PPM) throw new UserError('stores packed packet headers (PPM), which LCZ Studio cannot split into tiles; convert it with gdal_translate', file);
    if (code === SIZ) {
      siz = parseSiz(segment);
      sizIndex = mainHeader.length;
    }
    // COD: marker, Lcod, Scod, SGcod (4 bytes), then SPcod's first byte, the number of decomposition levels.
    if (code === COD) levels = segment[9] ?? 0;
    if (code !== TLM && code !== PLM) mainHeader.push(segment);
    at += 2 + length;
  }
  if (!siz) throw damaged('no SIZ marker');
  const tilesAcross = Math.ceil((siz.x1 - siz.tileX0) / siz.tileWidth);
  const tilesDown = Math.ceil((siz.y1 - siz.tileY0) / siz.tileHeight);
  const tileParts: [number, number][][] = Array.from({ length: tilesAcross * tilesDown }, () => []);
  while (at + 2 <= end) {
    const sot = await read(at, Math.min(12, end - at));
    const code = be16(sot, 0);
    if (code === EOC) break;
    if (code !== SOT || sot.length < 12) throw damaged(`no tile-part at byte ${at}`);
    const tile = be16(sot, 4);
    const psot = be32(sot, 6);
    // Psot 0: the last tile-part, running to the EOC.
    const length = psot === 0 ? end - 2 - at : psot;
    if (length < 14 || at + length > end || tile >= tileParts.length) throw damaged(`tile-part at byte ${at} runs past the end of the file`);
    tileParts[tile]!.push([at, length]);
    at += length;
  }
  const missing = tileParts.findIndex((parts) => parts.length === 0);
  if (missing >= 0) throw damaged(`tile ${missing} is missing`);
  return { siz, mainHeader, sizIndex, tilesAcross, tilesDown, levels, tileParts };
}

/** A tile's bounds on the reference grid. */
export function tileBounds(s: Jp2Structure, tile: number): { x0: number; y0: number; x1: number; y1: number } {
  const { siz } = s;
  const tx = tile % s.tilesAcross;
  const ty = Math.floor(tile / s.tilesAcross);
  return {
    x0: Math.max(siz.tileX0 + tx * siz.tileWidth, siz.x0),
    y0: Math.max(siz.tileY0 + ty * siz.tileHeight, siz.y0),
    x1: Math.min(siz.tileX0 + (tx + 1) * siz.tileWidth, siz.x1),
    y1: Math.min(siz.tileY0 + (ty + 1) * siz.tileHeight, siz.y1),
  };
}

const put32 = (b: Uint8Array, at: number, v: number) => {
  b[at] = (v >>> 24) & 0xff;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
};

/** A codestream holding tile `tile` alone (see the top of this file), from its tile-parts as read from the file. */
export function singleTileCodestream(s: Jp2Structure, tile: number, parts: readonly Uint8Array[]): Uint8Array {
  const b = tileBounds(s, tile);
  const tx = tile % s.tilesAcross;
  const ty = Math.floor(tile / s.tilesAcross);
  const siz = Uint8Array.from(s.mainHeader[s.sizIndex]!);
  put32(siz, 6, b.x1);
  put32(siz, 10, b.y1);
  put32(siz, 14, b.x0);
  put32(siz, 18, b.y0);
  put32(siz, 30, s.siz.tileX0 + tx * s.siz.tileWidth);
  put32(siz, 34, s.siz.tileY0 + ty * s.siz.tileHeight);
  const header = s.mainHeader.map((segment, i) => (i === s.sizIndex ? siz : segment));
  const total = header.reduce((n, seg) => n + seg.length, 0) + parts.reduce((n, p) => n + p.length, 0) + 2;
  const out = new Uint8Array(total);
  let at = 0;
  for (const segment of header) {
    out.set(segment, at);
    at += segment.length;
  }
  for (const part of parts) {
    out.set(part, at);
    // Isot: the tile's index, 0 in a codestream of one tile.
    out[at + 4] = 0;
    out[at + 5] = 0;
    at += part.length;
  }
  out[at] = 0xff;
  out[at + 1] = 0xd9;
  return out;
}
