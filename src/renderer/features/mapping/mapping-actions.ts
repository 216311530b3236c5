import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import { followJob } from '../jobs/job-events';
import { cancelJob, refreshJobs } from '../jobs/jobs-sync';
import { mapJobParams } from './map-request';
import { mappingStore, parseResolution, type MappingState } from './mapping-store';

/** Lists the model bundles; the first time, the demo bundle (or else the first bundle) is chosen. */
export async function loadBundles(): Promise<void> {
  try {
    const { bundles, broken } = await api.invoke('bundles/list', {});
    mappingStore.set((s) => {
      const known = new Set(bundles.map((b) => b.dir));
      let selected = s.selected.filter((dir) => known.has(dir));
      if (s.bundles === null && selected.length === 0) {
        const first = bundles.find((b) => b.demo) ?? bundles[0];
        selected = first ? [first.dir] : [];
      }
      return { bundles, broken, selected };
    });
    void checkMapping();
  } catch (error) {
    reportError(error, { action: 'Cannot list the model bundles' });
  }
}

export function toggleBundle(dir: string): void {
  mappingStore.set((s) => ({ selected: s.selected.includes(dir) ? s.selected.filter((d) => d !== dir) : [...s.selected, dir] }));
  void checkMapping();
}

/** Accepts (or no longer accepts) band equivalence, and checks the chosen models against the scene again. */
export function setBandEquivalence(accepted: boolean): void {
  mappingStore.set({ bandEquivalence: accepted });
  void checkMapping();
}

export function setMappingOptions(patch: Partial<Pick<MappingState, 'resolution' | 'tta' | 'filter' | 'fusion'>>): void {
  mappingStore.set(patch);
}

let latestCheck = 0;

/** Asks the core what stops the chosen models from mapping the open scene (a band it lacks, a broken bundle). */
export async function checkMapping(): Promise<void> {
  const scene = appStore.get().scene;
  const { selected } = mappingStore.get();
  const ticket = ++latestCheck;
  if (!scene || selected.length === 0) {
    mappingStore.set({ problems: [] });
    return;
  }
  mappingStore.set({ problems: null });
  try {
    const { bandEquivalence } = mappingStore.get();
    const { problems } = await api.invoke('mapping/check', { sceneId: scene.id, bundles: [...selected], bandEquivalence });
    if (ticket === latestCheck) mappingStore.set({ problems });
  } catch (error) {
    if (ticket === latestCheck) mappingStore.set({ problems: [error instanceof Error ? error.message : String(error)] });
  }
}

/** Starts mapping the open scene with the chosen models; progress and outcome arrive as job updates. */
export async function startMapping(): Promise<void> {
  const scene = appStore.get().scene;
  const state = mappingStore.get();
  const params = scene ? mapJobParams(scene, { ...state, resolutionM: parseResolution(state.resolution) }) : null;
  if (!scene || !params) return;
  mappingStore.set({ busy: true });
  try {
    const { jobId } = await api.invoke('jobs/start', { kind: 'map', params });
    mappingStore.set({ jobId, jobScene: scene.path });
    followJob(jobId);
    void refreshJobs();
  } catch (error) {
    reportError(error, { action: 'Cannot start mapping', file: scene.path });
  } finally {
    mappingStore.set({ busy: false });
  }
}

export function cancelMapping(jobId: string): void {
  void cancelJob(jobId);
}
