/**
 * Training areas: import from files, the checks before training over a scene, sets saved in the workspace, export
 * back to KML or GeoJSON, and the accuracy record of a map made from them. The work is in src/main/areas.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { areasAccuracySchema, type AreasAccuracy, type AreasCheck, type ImportedAreas, type SavedAreas, type TrainingArea } from '../../shared/contract/areas';
import { parseOrExplain, UserError } from '../../shared/errors';
import { AREAS_RESULT_FILES } from '../areas/result-files';
import { AreasStore } from '../areas/areas-store';
import { areasToGeoJson } from '../areas/export-geojson';
import { areasToKml } from '../areas/export-kml';
import { FeatureCache } from '../areas/feature-cache';
import { importAreas } from '../areas/import-areas';
import { prepareAreas } from '../areas/prepare-areas';
import { checkOutputLocation } from '../files/output-location';
import { rethrowWriteError } from '../files/write-error';
import { SceneReader } from '../scenes/scene-reader';
import type { ScenesService } from './scenes-service';
import type { Workspace } from '../workspace/workspace';
import { writeFileAtomic } from '../workspace/atomic-write';
import type { RequestContext } from './request-context';

export class AreasService {
  private readonly store: AreasStore;
  /** The features areas-map jobs keep: a check after an edit reads the cells under the areas from them. */
  private readonly cache: FeatureCache;

  constructor(
    workspace: Workspace,
    private readonly scenes: ScenesService,
  ) {
    this.store = new AreasStore(AreasStore.folderIn(workspace.root));
    this.cache = new FeatureCache(AreasService.featureCacheIn(workspace));
  }

  /** Where a workspace keeps scenes' cell features between areas-map runs. */
  static featureCacheIn(workspace: Workspace): string {
    return FeatureCache.folderIn(workspace.root);
  }

  import(path: string): Promise<ImportedAreas> {
    return importAreas(resolve(path));
  }

  /** Checks over the cells under the areas only (the scene is read in the rows they span). */
  async check(areas: readonly TrainingArea[], scenePath: string, resolutionM: number, context: RequestContext): Promise<AreasCheck> {
    const path = resolve(scenePath);
    const { settings } = await this.scenes.settingsFor(path, {});
    const reader = await SceneReader.open(path, context.signal);
    try {
      const prepared = await prepareAreas(areas, reader, settings, {
        resolutionM,
        marginM: 0,
        signal: context.signal,
        onProgress: (done, total) => context.onProgress?.({ stage: 'Reading the scene under the areas', done, total }),
        cache: this.cache,
      });
      return prepared.check;
    } finally {
      await reader.close();
    }
  }

  save(name: string, areas: readonly TrainingArea[]): Promise<SavedAreas> {
    return this.store.save(name, areas);
  }

  list(): Promise<SavedAreas[]> {
    return this.store.list();
  }

  async export(areas: readonly TrainingArea[], path: string, format: 'kml' | 'geojson', city: string): Promise<{ path: string }> {
    const target = resolve(path);
    await checkOutputLocation(target, { kind: 'file', createsParents: false });
    const text = format === 'kml' ? areasToKml(areas, city) : `${JSON.stringify(areasToGeoJson(areas))}\n`;
    await writeFileAtomic(target, text).catch((e: unknown) => rethrowWriteError(e, target));
    return { path: target };
  }

  async result(dir: string): Promise<AreasAccuracy> {
    const file = join(resolve(dir), AREAS_RESULT_FILES.accuracy);
    const text = await readFile(file, 'utf8').catch(() => {
      throw new UserError(`has no ${AREAS_RESULT_FILES.accuracy}: it is not a map made from training areas (or it is incomplete)`, resolve(dir));
    });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UserError('is damaged (not JSON)', file);
    }
    return parseOrExplain(areasAccuracySchema, json, `${file} is not a training-areas record`);
  }
}
