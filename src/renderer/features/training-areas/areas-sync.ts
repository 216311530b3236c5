import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import { onJobEnd } from '../jobs/job-events';
import { resultDirOf } from '../jobs/job-target';
import { openResult, refreshResults } from '../results/result-actions';
import { loadAreasFor } from './areas-actions';
import { areasStore } from './areas-store';

let started = false;

/**
 * Once per page: a newly opened scene brings back its own training areas, and the end of the areas-map job started
 * here opens its map (the result folder, with its confidence) and reads its bootstrap record.
 */
export function startTrainingAreasSync(): void {
  if (started) return;
  started = true;
  let scenePath = appStore.get().scene?.path ?? null;
  void loadAreasFor(scenePath);
  appStore.subscribe(() => {
    const next = appStore.get().scene?.path ?? null;
    if (next === scenePath) return;
    scenePath = next;
    void loadAreasFor(next);
  });

  onJobEnd((job) => {
    const dir = resultDirOf(job);
    if (job.kind !== 'areas-map' || dir === null || job.id !== areasStore.get().jobId) return;
    void refreshResults();
    if (job.state !== 'succeeded') return;
    void showAreasResult(dir);
  });
}

export async function showAreasResult(dir: string): Promise<void> {
  try {
    const accuracy = await api.invoke('areas/result', { dir });
    areasStore.set({ resultDir: dir, accuracy });
    await openResult(dir);
  } catch (error) {
    reportError(error, { action: 'Cannot read the map made from the areas', file: dir });
  }
}
