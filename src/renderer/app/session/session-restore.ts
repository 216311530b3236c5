import { api } from '../../api';
import type { OutputOf, Session } from '../../../shared/contract';
import { openMap } from '../../features/open/open-map';
import { openResult } from '../../features/results/result-actions';
import { openScene } from '../../features/scene/open-scene';
import { openRunReport } from '../../features/training/run-actions';
import { restoreTraining } from '../../features/training/training-session';
import { appStore, type AppInfo } from '../app-state';
import { addNotice, reportError } from '../report-error';
import { builtView } from '../views/views';

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

async function readSession(): Promise<OutputOf<'session/get'> | null> {
  try {
    return await api.invoke('session/get', {});
  } catch (error) {
    reportError(error, { action: 'Cannot read the last session' });
    return null;
  }
}

/** Reopens the map and the scene, with the camera where it was; a file that cannot be opened is a notice. */
async function reopenLayers(session: Session, demoMapPath: string): Promise<void> {
  if (session.scene && !(await openScene(session.scene, { interactive: false }))) addNotice(`Not reopened: ${baseName(session.scene)}`);
  const { lcz, camera } = session;
  let opened = false;
  if (lcz?.kind === 'result') opened = await openResult(lcz.dir, { camera, report: 'notice' });
  else if (lcz?.kind === 'map') opened = await openMap(lcz.path, { camera, report: 'notice' });
  // The demo map when the session had no other (the camera was on it), or in place of one that did not open.
  if (!opened) await openMap(demoMapPath, { camera: lcz === null ? camera : null });
}

/**
 * At start: puts the window back as the last session left it (session.json in the workspace, so in both faces and
 * across restarts). Files gone since are dropped, with a one-line notice. No session is the first start: the demo
 * map, and the guide to map a city.
 */
export async function restoreSession(info: AppInfo): Promise<void> {
  const saved = await readSession();
  if (saved && saved.dropped.length > 0) {
    addNotice(`Gone since the last session, not reopened: ${saved.dropped.map(baseName).join(', ')}`);
  }
  const session = saved?.session ?? null;
  if (!session) {
    appStore.set({ guideOpen: saved !== null });
    await openMap(info.demoMapPath);
    return;
  }
  if (session.training) restoreTraining(session.training);
  if (session.run) openRunReport(session.run);
  await reopenLayers(session, info.demoMapPath);
  // Last, as opening a map shows the Map view's Layers tab.
  appStore.set({
    view: builtView(session.view),
    tab: session.tab,
    guideOpen: session.guide,
    lczVisible: session.lczVisible,
    sceneVisible: session.sceneVisible,
    basemap: session.basemap,
  });
}
