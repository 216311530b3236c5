/**
 * Sets of training areas kept in the workspace (<workspace>/areas/<name>.geojson): saved whole and atomically, so
 * the app, browser mode and `lcz` commands always read a complete set; listed newest first. A saved set is plain
 * GeoJSON, which any GIS opens and `lcz areas map --areas` takes like any other file.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SavedAreas, TrainingArea } from '../../shared/contract/areas';
import { writeFileAtomic } from '../workspace/atomic-write';
import { rethrowWriteError } from '../files/write-error';
import { areasToGeoJson } from './export-geojson';
import { importAreas } from './import-areas';

const EXTENSION = '.geojson';

export class AreasStore {
  constructor(private readonly root: string) {}

  /** The folder of saved sets in a workspace. */
  static folderIn(workspaceRoot: string): string {
    return join(workspaceRoot, 'areas');
  }

  pathOf(name: string): string {
    return join(this.root, `${name}${EXTENSION}`);
  }

  async save(name: string, areas: readonly TrainingArea[]): Promise<SavedAreas> {
    const path = this.pathOf(name);
    await mkdir(this.root, { recursive: true }).catch((e: unknown) => rethrowWriteError(e, this.root));
    await writeFileAtomic(path, `${JSON.stringify(areasToGeoJson(areas))}\n`).catch((e: unknown) => rethrowWriteError(e, path));
    return { name, path, areas: areas.length, classes: new Set(areas.map((a) => a.lcz)).size, savedAt: (await stat(path)).mtime.toISOString() };
  }

  /** Every readable set; a damaged file is left out (it is reported when opened by path). */
  async list(): Promise<SavedAreas[]> {
    const names = (await readdir(this.root).catch(() => [])).filter((f) => f.endsWith(EXTENSION));
    const sets: SavedAreas[] = [];
    for (const file of names) {
      const path = join(this.root, file);
      const imported = await importAreas(path).catch(() => null);
      if (!imported) continue;
      const { areas } = imported;
      sets.push({ name: file.slice(0, -EXTENSION.length), path, areas: areas.length, classes: new Set(areas.map((a) => a.lcz)).size, savedAt: (await stat(path)).mtime.toISOString() });
    }
    return sets.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }
}
