import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import { onJobEnd } from '../jobs/job-events';
import { resultDirOf } from '../jobs/job-target';
import { openResult, refreshResults } from '../results/result-actions';
import { draftOf } from '../scene/band-mapping';
import { openScene } from '../scene/open-scene';
import { checkMapping, loadBundles } from './mapping-actions';
import { mappingStore } from './mapping-store';
import { isPairJob } from './teacher-student-store';

let started = false;

/**
 * Once per page: lists bundles and results, re-checks the mapping when the scene changes, and acts on the end of
 * mapping jobs (list the new result, open it) and of the demo-scene job (open the scene).
 */
export function startMappingSync(): void {
  if (started) return;
  started = true;
  void loadBundles();
  void refreshResults();

  let scene = appStore.get().scene;
  appStore.subscribe(() => {
    const next = appStore.get().scene;
    if (next === scene) return;
    const sceneChanged = next?.id !== scene?.id;
    // Band equivalence is accepted for one scene file: another file is offered it anew (a crop or new scaling is not).
    const otherFile = next?.path !== scene?.path;
    scene = next;
    if (!sceneChanged) return;
    mappingStore.set({ draft: next ? { sceneId: next.id, bands: draftOf(next.settings) } : null, ...(otherFile ? { bandEquivalence: false } : {}) });
    void checkMapping();
  });

  onJobEnd((job) => {
    const result = resultDirOf(job);
    // A map from training areas is the Training areas panel's to open (areas-sync.ts).
    if (result !== null && job.kind !== 'areas-map') {
      void refreshResults();
      // Only the run started here (or adopted after a reload) takes over the map: another face's job just lists.
      // A teacher-and-student run's results are compared instead (teacher-student.ts).
      const mine = !isPairJob(job.id) && (mappingStore.get().jobId === job.id || mappingStore.get().jobId === null);
      const dir = job.state === 'succeeded' ? result : null;
      if (dir && mine) {
        appStore.set({ tab: 'layers' });
        void openResult(dir);
      }
    } else if (job.kind === 'demo-scene' && job.state === 'succeeded' && job.id === mappingStore.get().demoJobId) {
      api
        .invoke('scenes/demo', {})
        .then((demo) => openScene(demo.path))
        .catch((error: unknown) => reportError(error, { action: 'Cannot open the synthetic demo scene' }));
    }
  });
}
