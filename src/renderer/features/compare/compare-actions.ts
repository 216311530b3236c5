import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import type { CompareJobParams } from '../../../shared/contract';
import type { ClassPair } from '../../map/difference-image';
import type { CompareMode } from '../../map/compare-map-view';
import { followJob, onJobEnd } from '../jobs/job-events';
import { refreshJobs } from '../jobs/jobs-sync';
import { compareStore } from './compare-store';

/** Lists the comparisons saved in the workspace. */
export async function refreshComparisons(): Promise<void> {
  try {
    compareStore.set({ list: await api.invoke('compare/list', {}) });
  } catch (error) {
    reportError(error, { action: 'Cannot list the comparisons' });
  }
}

let latestOpen = 0;

/** Opens a comparison in the Compare view (and shows the view); resolves to whether it opened. */
export async function openComparison(dir: string): Promise<boolean> {
  const ticket = ++latestOpen;
  compareStore.set({ opening: dir });
  appStore.set({ view: 'compare', error: null });
  try {
    const shown = await api.invoke('compare/open', { dir });
    if (ticket !== latestOpen) return false;
    document.body.dataset.compareReady = 'false';
    compareStore.set({ shown, selection: null, cursor: null });
    return true;
  } catch (error) {
    if (ticket === latestOpen) reportError(error, { action: 'Cannot open the comparison', file: dir });
    return false;
  } finally {
    if (ticket === latestOpen) compareStore.set({ opening: null });
  }
}

/** Jobs started here whose comparison opens when they succeed. */
const opensWhenDone = new Set<string>();

/**
 * Starts comparing two maps (results or GeoTIFFs) into a new folder of the workspace; the comparison opens in the
 * Compare view when the job succeeds. Resolves to the job's id, or null when it could not start.
 */
export async function startComparison(params: Omit<CompareJobParams, 'outDir'>): Promise<string | null> {
  try {
    const { jobId } = await api.invoke('jobs/start', { kind: 'compare', params });
    opensWhenDone.add(jobId);
    compareStore.set({ jobId });
    followJob(jobId);
    void refreshJobs();
    return jobId;
  } catch (error) {
    reportError(error, { action: 'Cannot start the comparison' });
    return null;
  }
}

let started = false;

/** Once per page: lists the comparisons, and opens a comparison started here when its job succeeds. */
export function startCompareSync(): void {
  if (started) return;
  started = true;
  void refreshComparisons();
  onJobEnd((job) => {
    if (job.kind !== 'compare') return;
    void refreshComparisons();
    if (job.state === 'succeeded' && opensWhenDone.delete(job.id) && job.target.type === 'folder') void openComparison(job.target.dir);
  });
}

export function setCompareMode(mode: CompareMode): void {
  compareStore.set({ mode });
}

export function setSwipe(swipe: number): void {
  compareStore.set({ swipe });
}

/** Highlights the cells of a class pair on the maps; the same pair again clears it. */
export function toggleSelection(pair: ClassPair | null): void {
  compareStore.set((s) => ({ selection: pair && s.selection?.a === pair.a && s.selection.b === pair.b ? null : pair }));
}

let latestProbe = 0;
let probing = false;
let queued: readonly [number, number] | null = null;

/**
 * The class of each map under the pointer. One request at a time: while one is on its way, only the latest point
 * waits, so a fast pointer never queues up requests.
 */
export function probeCursor(position: readonly [number, number] | null): void {
  const shown = compareStore.get().shown;
  if (!position || !shown) {
    latestProbe++;
    queued = null;
    compareStore.set({ cursor: null });
    return;
  }
  if (probing) {
    queued = position;
    return;
  }
  const ticket = ++latestProbe;
  const [lon, lat] = position;
  probing = true;
  api
    .invoke('compare/probe', { comparisonId: shown.id, lon, lat })
    .then((probe) => {
      if (ticket === latestProbe && compareStore.get().shown === shown) compareStore.set({ cursor: { lon, lat, probe } });
    })
    .catch(() => undefined) // a reading under the pointer is not worth an error banner (the comparison may have been closed)
    .finally(() => {
      probing = false;
      const next = queued;
      queued = null;
      if (next) probeCursor(next);
    });
}

export function openCompareDialog(): void {
  compareStore.set({ dialogOpen: true });
}

export function closeCompareDialog(): void {
  compareStore.set({ dialogOpen: false });
}
