// Writes small PMTiles v3 archives for the tests (the pmtiles package reads them; it has no writer): one root
// directory, no compression, tiles in tile-id order. See https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md
import { writeFileSync } from 'node:fs';
import { zxyToTileId } from 'pmtiles';

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

export interface ArchiveTile {
  z: number;
  x: number;
  y: number;
  bytes: Uint8Array;
}

/** PMTiles tile types: 1 vector (MVT), 2 PNG, 3 JPEG, 4 WebP. */
export function writePmtiles(path: string, tiles: ArchiveTile[], options: { tileType?: number; metadata?: object } = {}): void {
  const sorted = tiles.map((t) => ({ ...t, id: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.id - b.id);
  const dir: number[] = [...varint(sorted.length)];
  let last = 0;
  for (const t of sorted) {
    dir.push(...varint(t.id - last));
    last = t.id;
  }
  for (const _ of sorted) dir.push(...varint(1));
  for (const t of sorted) dir.push(...varint(t.bytes.length));
  // Offsets: 0 means "right after the previous tile", which every tile here is.
  sorted.forEach((_, i) => dir.push(...varint(i === 0 ? 1 : 0)));
  const directory = Buffer.from(dir);
  const metadata = Buffer.from(JSON.stringify(options.metadata ?? {}));
  const data = Buffer.concat(sorted.map((t) => t.bytes));
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'ascii');
  header[7] = 3;
  const u64 = (at: number, value: number) => header.writeBigUInt64LE(BigInt(value), at);
  const rootOffset = 127;
  const metadataOffset = rootOffset + directory.length;
  const dataOffset = metadataOffset + metadata.length;
  u64(8, rootOffset);
  u64(16, directory.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, dataOffset);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, data.length);
  u64(72, sorted.length);
  u64(80, sorted.length);
  u64(88, sorted.length);
  header[96] = 1; // clustered
  header[97] = 1; // internal compression: none
  header[98] = 1; // tile compression: none
  header[99] = options.tileType ?? 2;
  const zooms = sorted.map((t) => t.z);
  header[100] = Math.min(...zooms);
  header[101] = Math.max(...zooms);
  header.writeInt32LE(-180e7, 102);
  header.writeInt32LE(-85e7, 106);
  header.writeInt32LE(180e7, 110);
  header.writeInt32LE(85e7, 114);
  writeFileSync(path, Buffer.concat([header, directory, metadata, data]));
}
