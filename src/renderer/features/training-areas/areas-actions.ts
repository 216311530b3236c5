import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import type { AreaPolygon, TrainingArea } from '../../../shared/contract';
import { followJob } from '../jobs/job-events';
import { cancelJob, refreshJobs } from '../jobs/jobs-sync';
import { areasBounds, problemZoomTarget, withFreshIds, type Bounds } from './areas-data';
import { areaSetNameFor, areasMapParams, parseTrainSettings } from './areas-request';
import { areasStore, type AreasTool } from './areas-store';

/**
 * What the Training areas panel does: every change to the list is saved in the workspace and checked by the core
 * (a moment after the last change, so a burst of edits costs one save and one check); import, export and the
 * areas-map job go through the core too.
 */

const SETTLE_MS = 300;
let settleTimer: ReturnType<typeof setTimeout> | null = null;
let settled: Promise<void> = Promise.resolve();
let latestCheck = 0;

function setAreas(areas: readonly TrainingArea[]): void {
  areasStore.set({ areas, check: null, checkError: null });
  if (settleTimer) clearTimeout(settleTimer);
  settleTimer = setTimeout(() => {
    settleTimer = null;
    settled = saveAndCheck();
  }, SETTLE_MS);
}

/** Waits until the list as it is now is saved (Train and map trains on the saved file). */
async function flush(): Promise<void> {
  if (settleTimer) {
    clearTimeout(settleTimer);
    settleTimer = null;
    settled = saveAndCheck();
  }
  await settled;
}

async function saveAndCheck(): Promise<void> {
  const { areas, setName, scenePath } = areasStore.get();
  const scene = appStore.get().scene;
  if (!setName || !scene || scene.path !== scenePath) return;
  const ticket = ++latestCheck;
  try {
    const saved = await api.invoke('areas/save', { name: setName, areas: [...areas] });
    areasStore.set({ savedPath: saved.path });
  } catch (error) {
    reportError(error, { action: 'Cannot save the training areas' });
    return;
  }
  if (areas.length === 0) return;
  try {
    const check = await api.invoke('areas/check', { areas: [...areas], scene: scene.path, resolutionM: 100 });
    if (ticket === latestCheck) areasStore.set({ check });
  } catch (error) {
    if (ticket === latestCheck) areasStore.set({ checkError: error instanceof Error ? error.message : String(error) });
  }
}

/** A scene opened: its own set of areas comes back from the workspace (or an empty list for a new scene). */
export async function loadAreasFor(scenePath: string | null): Promise<void> {
  if (settleTimer) await flush();
  const setName = scenePath ? areaSetNameFor(scenePath) : null;
  // A bundle chosen for the last scene may not fit this one: the CNN starts from scratch until one is chosen again.
  areasStore.set({ scenePath, setName, savedPath: null, areas: [], check: null, checkError: null, selectedId: null, accuracy: null, resultDir: null, tool: 'view', fromBundle: null });
  if (!setName) return;
  try {
    const saved = (await api.invoke('areas/list', {})).find((s) => s.name === setName);
    if (!saved || areasStore.get().scenePath !== scenePath) return;
    const { areas } = await api.invoke('areas/import', { path: saved.path });
    if (areasStore.get().scenePath !== scenePath) return;
    areasStore.set({ savedPath: saved.path });
    setAreas(areas);
  } catch (error) {
    reportError(error, { action: 'Cannot reopen the training areas', file: setName });
  }
}

export function pickClass(lcz: number): void {
  const { selectedId, areas } = areasStore.get();
  areasStore.set({ lcz });
  // A selected area takes the class picked: that is how a wrongly classed area is fixed.
  if (selectedId && areas.some((a) => a.id === selectedId && a.lcz !== lcz)) setAreas(areas.map((a) => (a.id === selectedId ? { ...a, lcz } : a)));
}

export function setTool(tool: AreasTool): void {
  areasStore.set(tool === 'edit' ? { tool } : { tool, selectedId: null });
}

export function areaDrawn(id: string, geometry: AreaPolygon): void {
  const { areas, lcz } = areasStore.get();
  const number = areas.filter((a) => a.lcz === lcz).length + 1;
  setAreas([...areas, { id, lcz, name: `Drawn ${number}`, geometry }]);
}

export function areaEdited(id: string, geometry: AreaPolygon): void {
  setAreas(areasStore.get().areas.map((a) => (a.id === id ? { ...a, geometry } : a)));
}

export function deleteArea(id: string): void {
  const { areas, selectedId } = areasStore.get();
  if (!areas.some((a) => a.id === id)) return;
  areasStore.set({ selectedId: selectedId === id ? null : selectedId });
  setAreas(areas.filter((a) => a.id !== id));
}

export function selectArea(id: string | null): void {
  const area = areasStore.get().areas.find((a) => a.id === id);
  areasStore.set(area ? { selectedId: area.id, lcz: area.lcz } : { selectedId: null });
}

export function zoomTo(bounds: Bounds | null): void {
  if (bounds) appStore.set({ focus: { bounds } });
}

export function zoomToProblem(index: number): void {
  const { check, areas } = areasStore.get();
  const problem = check?.problems[index];
  if (problem) zoomTo(problemZoomTarget(problem, areas));
}

export function zoomToArea(id: string): void {
  const area = areasStore.get().areas.find((a) => a.id === id);
  if (area) zoomTo(areasBounds([area]));
}

/** Adds the areas of a KML/KMZ, GeoJSON or zipped shapefile (the core reads and checks the file) to the list. */
export async function importAreasFile(path: string): Promise<boolean> {
  areasStore.set({ busy: true });
  try {
    const imported = await api.invoke('areas/import', { path });
    const { areas } = areasStore.get();
    const stem = (path.split(/[\\/]/).pop() ?? 'file').replace(/\.[^.]*$/, '');
    const added = withFreshIds(imported.areas, areas, stem);
    setAreas([...areas, ...added]);
    zoomTo(areasBounds(added));
    return true;
  } catch (error) {
    reportError(error, { action: 'Cannot import the training areas', file: path });
    return false;
  } finally {
    areasStore.set({ busy: false });
  }
}

export async function exportAreasFile(path: string, format: 'kml' | 'geojson'): Promise<string | null> {
  const { areas, scenePath } = areasStore.get();
  const city = (scenePath?.split(/[\\/]/).pop() ?? 'City').replace(/\.[^.]*$/, '');
  try {
    return (await api.invoke('areas/export', { areas: [...areas], path, format, city })).path;
  } catch (error) {
    reportError(error, { action: 'Cannot export the training areas', file: path });
    return null;
  }
}

/** Saves the list, then starts the areas-map job on the saved set; its end opens the map (areas-sync.ts). */
export async function trainAndMap(): Promise<void> {
  const scene = appStore.get().scene;
  const settings = parseTrainSettings(areasStore.get());
  if (!scene || !settings.ok) return;
  areasStore.set({ busy: true });
  try {
    await flush();
    const { savedPath } = areasStore.get();
    if (!savedPath) return;
    const { jobId } = await api.invoke('jobs/start', { kind: 'areas-map', params: areasMapParams(scene, savedPath, settings) });
    areasStore.set({ jobId });
    followJob(jobId);
    void refreshJobs();
  } catch (error) {
    reportError(error, { action: 'Cannot start training on the areas', file: scene.path });
  } finally {
    areasStore.set({ busy: false });
  }
}

/** The model bundles a CNN may be fine-tuned from (listed when the CNN is chosen, and on Refresh). */
export async function loadAreaBundles(): Promise<void> {
  try {
    const { bundles } = await api.invoke('bundles/list', {});
    areasStore.set((s) => ({ bundles, fromBundle: bundles.some((b) => b.dir === s.fromBundle) ? s.fromBundle : null }));
  } catch (error) {
    reportError(error, { action: 'Cannot list the model bundles' });
  }
}

export function cancelTraining(jobId: string): void {
  void cancelJob(jobId);
}
