import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { tempPathFor } from '../workspace/atomic-write';

export interface CachedTile {
  bytes: Uint8Array;
  /** When the tile was fetched (the file's modification time). */
  fetchedAt: number;
}

/** A tile's place in the cache: the source's folder and the tile's z/x/y. */
export interface TileKey {
  source: string;
  z: number;
  x: number;
  y: number;
}

function keyPath({ source, z, x, y }: TileKey): string {
  return join(source, String(z), String(x), `${y}.tile`);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && e.name.endsWith('.tile')).map((e) => join(e.parentPath, e.name));
}

/**
 * Tiles on disk in the workspace, bounded in size: the least recently used go first when a new tile would pass the
 * bound. One file per tile, written to a temp name and renamed, so a reader (or another process sharing the
 * workspace) never sees half a tile. Not synced: a tile lost in a power cut is fetched again. Each process keeps its
 * own view of what is used; tiles other processes add are found on disk and counted when this one reads them.
 */
export class TileCache {
  /** Relative path -> size, least recently used first (a Map keeps insertion order). */
  private loading: Promise<Map<string, number>> | null = null;
  private total = 0;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  /** Bytes the cache holds, as this process counts them. */
  async size(): Promise<number> {
    await this.loaded();
    return this.total;
  }

  async get(key: TileKey): Promise<CachedTile | null> {
    const index = await this.loaded();
    const rel = keyPath(key);
    const file = join(this.dir, rel);
    try {
      const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
      this.note(index, rel, bytes.length);
      return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), fetchedAt: info.mtimeMs };
    } catch {
      this.forget(index, rel);
      return null;
    }
  }

  async put(key: TileKey, bytes: Uint8Array): Promise<void> {
    // A tile larger than the whole cache is served but not kept.
    if (bytes.length > this.maxBytes) return;
    const index = await this.loaded();
    const rel = keyPath(key);
    const file = join(this.dir, rel);
    await mkdir(dirname(file), { recursive: true });
    const temp = tempPathFor(file);
    try {
      await writeFile(temp, bytes);
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    this.note(index, rel, bytes.length);
    await this.evict(index);
  }

  private note(index: Map<string, number>, rel: string, bytes: number): void {
    this.forget(index, rel);
    index.set(rel, bytes);
    this.total += bytes;
  }

  private forget(index: Map<string, number>, rel: string): void {
    const had = index.get(rel);
    if (had === undefined) return;
    index.delete(rel);
    this.total -= had;
  }

  private async evict(index: Map<string, number>): Promise<void> {
    for (const [rel] of index) {
      if (this.total <= this.maxBytes) return;
      this.forget(index, rel);
      await rm(join(this.dir, rel), { force: true });
    }
  }

  /** The first use reads what is on disk, oldest first (by modification time), as the order to evict in. */
  private loaded(): Promise<Map<string, number>> {
    this.loading ??= this.scan();
    return this.loading;
  }

  private async scan(): Promise<Map<string, number>> {
    const found = await Promise.all(
      (await filesUnder(this.dir)).map(async (file) => {
        const info = await stat(file).catch(() => null);
        return info && { rel: relative(this.dir, file).split(sep).join('/'), size: info.size, time: info.mtimeMs };
      }),
    );
    const index = new Map<string, number>();
    for (const f of found.filter((x) => x !== null).sort((a, b) => a.time - b.time)) {
      index.set(f.rel.split('/').join(sep), f.size);
      this.total += f.size;
    }
    return index;
  }
}
