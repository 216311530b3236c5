/**
 * Cell features of a whole scene kept between runs, so that iterating on training areas (fix an area, retrain) does
 * not read and reduce the scene again: the features depend on the scene file, its band settings and the output grid,
 * never on the areas. One file per scene (<workspace>/cache/areas-features/<key>.bin), written atomically; the few
 * newest are kept. A grid cropped to the areas (checks, `--extent areas`) is cut from a cached whole-scene grid when
 * there is one (its cells share the whole grid's edges: grid-crop.ts), else computed on its own and not kept.
 *
 * The key holds the file's size and modification time: a scene rewritten in place is a new scene. The newest entry
 * is also kept in memory, for the checks the app asks for after each edit.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SceneSettings } from '../../shared/contract/scenes';
import type { OutputGrid } from '../mapping/output-grid';
import type { SceneReader } from '../scenes/scene-reader';
import { writeFileAtomic } from '../workspace/atomic-write';
import { cellFeatures, type CellFeatures } from './cell-features';

/** Change when cell-features.ts computes anything differently: older entries are then never read. */
const FEATURES_VERSION = 1;
/** Entries kept on disk (a full Sentinel-2 tile's take about 200 MB). */
const KEEP = 4;
const MAGIC = 'LCZF1\n';

type Progress = (done: number, total: number) => void;

interface Header {
  key: string;
  names: string[];
  rows: number;
  columns: number;
}

/** Where a grid's cells start in the whole grid's, or null when it is not a crop of it on the same cell edges. */
export function cropOffset(whole: OutputGrid, grid: OutputGrid): { col: number; row: number } | null {
  if (whole.crs.proj4 !== grid.crs.proj4 || whole.resolutionM !== grid.resolutionM) return null;
  const [x0, res, , y0, , resY] = whole.geoTransform;
  const col = (grid.geoTransform[0] - x0) / res;
  const row = (grid.geoTransform[3] - y0) / resY;
  const near = (v: number) => Math.abs(v - Math.round(v)) < 1e-6;
  if (!near(col) || !near(row)) return null;
  const [c, r] = [Math.round(col), Math.round(row)];
  if (c < 0 || r < 0 || c + grid.width > whole.width || r + grid.height > whole.height) return null;
  return { col: c, row: r };
}

/** The features of the cells of a crop, cut from the whole grid's. */
export function cropFeatures(whole: CellFeatures, wholeGrid: OutputGrid, grid: OutputGrid, at: { col: number; row: number }): CellFeatures {
  const F = whole.table.columns;
  const values = new Float32Array(grid.width * grid.height * F);
  const valid = new Uint8Array(grid.width * grid.height);
  for (let r = 0; r < grid.height; r++) {
    const from = (at.row + r) * wholeGrid.width + at.col;
    values.set(whole.table.values.subarray(from * F, (from + grid.width) * F), r * grid.width * F);
    valid.set(whole.valid.subarray(from, from + grid.width), r * grid.width);
  }
  return { names: whole.names, table: { rows: grid.width * grid.height, columns: F, values }, valid };
}

export class FeatureCache {
  private memory: { key: string; features: CellFeatures } | null = null;

  /** `dir` null: nothing is kept (every call computes). */
  constructor(private readonly dir: string | null) {}

  static folderIn(workspaceRoot: string): string {
    return join(workspaceRoot, 'cache', 'areas-features');
  }

  /** The features of `grid` (the whole grid `whole`, or a crop of it), from the cache when it has them. */
  async features(reader: SceneReader, settings: SceneSettings, whole: OutputGrid, grid: OutputGrid, signal?: AbortSignal, onProgress?: Progress): Promise<CellFeatures> {
    const key = await this.keyOf(reader, settings, whole);
    const cached = key ? await this.load(key) : null;
    const at = cropOffset(whole, grid);
    if (cached && at) return grid === whole ? cached : cropFeatures(cached, whole, grid, at);
    const computed = await cellFeatures(reader, settings, grid, signal, onProgress);
    if (key && grid === whole) await this.store(key, computed);
    return computed;
  }

  private async keyOf(reader: SceneReader, settings: SceneSettings, whole: OutputGrid): Promise<string | null> {
    if (!this.dir) return null;
    const file = await stat(reader.scene.path).catch(() => null);
    if (!file) return null;
    const { width, height, geoTransform, crs, resolutionM } = whole;
    const identity = { v: FEATURES_VERSION, path: reader.scene.path, size: file.size, mtime: file.mtimeMs, settings, grid: { width, height, geoTransform, proj4: crs.proj4, resolutionM } };
    return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
  }

  private async load(key: string): Promise<CellFeatures | null> {
    if (this.memory?.key === key) return this.memory.features;
    const data = await readFile(join(this.dir!, `${key}.bin`)).catch(() => null);
    const features = data ? decode(data, key) : null;
    if (features) this.memory = { key, features };
    return features;
  }

  /** Best effort: a cache that cannot be written (a full disk, a read-only workspace) only costs time next run. */
  private async store(key: string, features: CellFeatures): Promise<void> {
    this.memory = { key, features };
    try {
      await mkdir(this.dir!, { recursive: true });
      await writeFileAtomic(join(this.dir!, `${key}.bin`), encode(key, features));
      await this.prune();
    } catch {
      // see above
    }
  }

  private async prune(): Promise<void> {
    const names = (await readdir(this.dir!)).filter((n) => n.endsWith('.bin'));
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(this.dir!, n)).catch(() => null))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => b.t - a.t);
    await Promise.all(dated.slice(KEEP).map(({ n }) => rm(join(this.dir!, n), { force: true })));
  }
}

/** MAGIC, the header's length (uint32 LE) and JSON, padding to 4 bytes, the float32 table, the valid bytes. */
function encode(key: string, features: CellFeatures): Uint8Array {
  const header: Header = { key, names: features.names, rows: features.table.rows, columns: features.table.columns };
  const json = Buffer.from(JSON.stringify(header));
  const start = MAGIC.length + 4 + json.length;
  const pad = (4 - (start % 4)) % 4;
  const values = features.table.values;
  const out = Buffer.alloc(start + pad + values.byteLength + features.valid.length);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, MAGIC.length);
  json.copy(out, MAGIC.length + 4);
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(out, start + pad);
  Buffer.from(features.valid.buffer, features.valid.byteOffset, features.valid.length).copy(out, start + pad + values.byteLength);
  return out;
}

/** The features of an entry, or null when it is not one of `key` or is damaged (then it is computed again). */
function decode(data: Buffer, key: string): CellFeatures | null {
  if (data.length < MAGIC.length + 4 || data.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
  const length = data.readUInt32LE(MAGIC.length);
  let header: Header;
  try {
    header = JSON.parse(data.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + length)) as Header;
  } catch {
    return null;
  }
  if (header.key !== key) return null;
  const start = MAGIC.length + 4 + length;
  const offset = start + ((4 - (start % 4)) % 4);
  const count = header.rows * header.columns;
  if (data.length !== offset + 4 * count + header.rows) return null;
  // Copies: the file's buffer may not be aligned for a Float32Array view.
  const values = new Float32Array(count);
  new Uint8Array(values.buffer).set(data.subarray(offset, offset + 4 * count));
  const valid = Uint8Array.from(data.subarray(offset + 4 * count));
  return { names: header.names, table: { rows: header.rows, columns: header.columns, values }, valid };
}
