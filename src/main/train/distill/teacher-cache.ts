/**
 * The teacher's fused outputs, cached beside a distillation run: RUN/teacher/<key>/ holds targets.f32 (one row of
 * 17 float32 logits per patch of the run, in file order) and cache.json (what the key was made of, and what the pass
 * learnt of the teacher's outputs). The key is the sha256 of everything the outputs depend on: each teacher bundle's
 * content (model and manifest hashes), the fusion, the data file's identity (its real path, size, modification time
 * and the sha256 of its first and last 64 KiB: HDF5's superblock and dataset headers, and the last patches' values)
 * and the patches. A
 * resumed run finds its own cache; a repeated run (another run folder beside it, same teacher and data) copies a
 * sibling's; a run whose data file was rewritten since gets a new pass.
 *
 * A cache is written whole or not at all (a hidden folder renamed into place), and never changed afterwards, so a
 * hard link is as good as a copy.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { teacherRecordSchema, type TeacherFusion, type TeacherRecord } from '../../../shared/contract/distill-settings';
import { readRegularText } from '../../files/input-file';
import { writeDurable } from '../../workspace/atomic-write';

export const TEACHER_DIR = 'teacher';
const TARGETS = 'targets.f32';
const META = 'cache.json';
/** Bytes hashed at each end of the data file: where HDF5 keeps its headers, and where the last values are. */
const END_BYTES = 64 * 1024;
export const CLASSES = 17;

/** What the teacher's outputs depend on. */
export interface CacheKeyParts {
  version: 1;
  teachers: { sha256: string; manifestSha256: string }[];
  fusion: TeacherFusion;
  data: { path: string; size: number; mtimeMs: number; endsSha256: string };
  patches: { count: number; sha256: string };
}

const metaSchema = z.object({
  key: z.string(),
  parts: z.unknown(),
  patches: z.number().int().min(0),
  /** The teachers as the pass found them (probabilities detected where the manifest said logits). */
  teachers: z.array(teacherRecordSchema),
  createdAt: z.string(),
});
export type CacheMeta = z.infer<typeof metaSchema>;

/**
 * The identity of a data file: path, size, modification time and the hash of its two ends (a file rewritten with
 * the same size, its modification time kept by a copy, still differs there). Reads 128 KiB, however big the file.
 */
export async function dataFileIdentity(path: string): Promise<CacheKeyParts['data']> {
  const real = await realpath(path);
  const info = await stat(real);
  const handle = await open(real, 'r');
  try {
    const hash = createHash('sha256');
    for (const at of [0, Math.max(0, info.size - END_BYTES)]) {
      const part = Buffer.alloc(Math.min(END_BYTES, info.size));
      await handle.read(part, 0, part.length, at);
      hash.update(part);
    }
    return { path: real, size: info.size, mtimeMs: info.mtimeMs, endsSha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

export function cacheKey(parts: CacheKeyParts): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** sha256 of a sorted patch list (the rows of a cache). */
export function patchesHash(patches: Uint32Array): string {
  return createHash('sha256').update(new Uint8Array(patches.buffer, patches.byteOffset, patches.byteLength)).digest('hex');
}

export const cacheDir = (runDir: string, key: string): string => join(runDir, TEACHER_DIR, key);

/** The cache of `key` in a run folder, when it is there and complete (cache.json is written last). */
export async function readCacheMeta(runDir: string, key: string): Promise<CacheMeta | null> {
  const dir = cacheDir(runDir, key);
  const text = await readRegularText(join(dir, META)).catch(() => null);
  if (text === null) return null;
  const parsed = metaSchema.safeParse(JSON.parse(text));
  if (!parsed.success || parsed.data.key !== key) return null;
  const size = (await stat(join(dir, TARGETS)).catch(() => null))?.size;
  return size === parsed.data.patches * CLASSES * 4 ? parsed.data : null;
}

/**
 * Copies a sibling run's cache of `key` into this run (hard links; a copy across file systems): the repeat of a
 * distillation with the same teacher and data skips the teacher pass. Returns the sibling's folder, or null.
 */
export async function copySiblingCache(runDir: string, key: string): Promise<{ from: string; meta: CacheMeta } | null> {
  const self = resolve(runDir);
  const parent = dirname(self);
  const names = await readdir(parent, { withFileTypes: true }).catch(() => []);
  const siblings = names.filter((e) => e.isDirectory()).map((e) => join(parent, e.name));
  return copyCacheFrom(siblings, runDir, key);
}

/**
 * Copies the cache of `key` from the first of these folders that holds it complete into `runDir` (hard links; a
 * copy across file systems). Returns that folder, or null.
 */
export async function copyCacheFrom(folders: readonly string[], runDir: string, key: string): Promise<{ from: string; meta: CacheMeta } | null> {
  const self = resolve(runDir);
  for (const folder of folders) {
    const source = resolve(folder);
    if (source === self) continue;
    const meta = await readCacheMeta(source, key).catch(() => null);
    if (!meta) continue;
    const temp = await freshTemp(runDir, key);
    try {
      for (const file of [TARGETS, META]) {
        const from = join(cacheDir(source, key), file);
        await link(from, join(temp, file)).catch(() => copyFile(from, join(temp, file)));
      }
      await publish(temp, runDir, key);
      return { from: source, meta };
    } catch {
      await rm(temp, { recursive: true, force: true });
    }
  }
  return null;
}

/** A new hidden folder to assemble a cache in; leftovers of killed passes are removed first (one job trains a run). */
async function freshTemp(runDir: string, key: string): Promise<string> {
  const root = join(runDir, TEACHER_DIR);
  await mkdir(root, { recursive: true });
  for (const name of await readdir(root)) if (name.startsWith('.')) await rm(join(root, name), { recursive: true, force: true });
  const temp = join(root, `.${key}.${randomBytes(4).toString('hex')}.tmp`);
  await mkdir(temp);
  return temp;
}

/** Renames the assembled cache into place, then removes the run's other caches (of a teacher or data since changed). */
async function publish(temp: string, runDir: string, key: string): Promise<void> {
  const target = cacheDir(runDir, key);
  await rm(target, { recursive: true, force: true });
  await rename(temp, target);
  const root = join(runDir, TEACHER_DIR);
  for (const name of await readdir(root)) if (name !== key) await rm(join(root, name), { recursive: true, force: true });
}

/** Writes a cache row block by row block, in the order of its patches; nothing is visible until finish(). */
export class CacheWriter {
  private rows = 0;

  private constructor(
    private readonly runDir: string,
    private readonly key: string,
    private readonly temp: string,
    private readonly handle: Awaited<ReturnType<typeof open>>,
  ) {}

  static async create(runDir: string, key: string): Promise<CacheWriter> {
    const temp = await freshTemp(runDir, key);
    return new CacheWriter(runDir, key, temp, await open(join(temp, TARGETS), 'wx'));
  }

  async append(rows: Float32Array): Promise<void> {
    await this.handle.write(new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength), 0, rows.byteLength, this.rows * CLASSES * 4);
    this.rows += rows.length / CLASSES;
  }

  async finish(parts: CacheKeyParts, teachers: TeacherRecord[]): Promise<CacheMeta> {
    await this.handle.sync();
    await this.handle.close();
    const meta: CacheMeta = { key: this.key, parts, patches: this.rows, teachers, createdAt: new Date().toISOString() };
    await writeDurable(join(this.temp, META), `${JSON.stringify(meta, null, 2)}\n`);
    await publish(this.temp, this.runDir, this.key);
    return meta;
  }

  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.temp, { recursive: true, force: true });
  }
}

/**
 * The cached rows of chosen patches, read from disk as training asks for them: memory stays flat however big the
 * training file. `patches` is the cache's sorted patch list (row i is patch patches[i]).
 */
export class CacheReader {
  private constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    private readonly patches: Uint32Array,
    readonly file: string,
  ) {}

  static async open(runDir: string, key: string, patches: Uint32Array): Promise<CacheReader> {
    const file = join(cacheDir(runDir, key), TARGETS);
    return new CacheReader(await open(file, 'r'), patches, file);
  }

  /** Row of a patch: binary search of the sorted patch list. */
  private rowOf(patch: number): number {
    let lo = 0;
    let hi = this.patches.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.patches[mid]!;
      if (at === patch) return mid;
      if (at < patch) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new Error(`patch ${patch} is not among the ${this.patches.length} patches of the teacher cache ${basename(dirname(this.file))}`);
  }

  /** The teacher's logits of these patches, n x 17, in the order asked; consecutive rows are read in one go. */
  async rows(indices: ArrayLike<number>): Promise<Float32Array> {
    const n = indices.length;
    const out = new Float32Array(n * CLASSES);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => indices[a]! - indices[b]!);
    const rows = order.map((i) => this.rowOf(indices[i]!));
    const rowBytes = CLASSES * 4;
    const reads: Promise<void>[] = [];
    for (let k = 0; k < n; ) {
      let end = k + 1;
      while (end < n && rows[end] === rows[end - 1]! + 1) end++;
      const [from, count, slots] = [rows[k]!, end - k, order.slice(k, end)];
      reads.push(
        (async () => {
          const values = new Float32Array(count * CLASSES);
          const { bytesRead } = await this.handle.read(new Uint8Array(values.buffer), 0, values.byteLength, from * rowBytes);
          if (bytesRead !== values.byteLength) throw new Error(`${this.file} is cut short (row ${from + count} of ${this.patches.length} missing)`);
          slots.forEach((slot, j) => out.set(values.subarray(j * CLASSES, (j + 1) * CLASSES), slot * CLASSES));
        })(),
      );
      k = end;
    }
    await Promise.all(reads);
    return out;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
