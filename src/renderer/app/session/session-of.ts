import type { LczSource, Session } from '../../../shared/contract';
import type { TrainingState } from '../../features/training/training-store';
import { trainingSessionOf } from '../../features/training/form-state';
import type { AppState } from '../app-state';

export type SessionInputs = Pick<AppState, 'view' | 'tab' | 'guideOpen' | 'map' | 'result' | 'lczVisible' | 'scene' | 'sceneVisible' | 'camera' | 'basemap'>;

/**
 * What the LCZ layer shows, to reopen it: a result by its folder, a map by its path. The demo map is not kept: it is
 * what opens when nothing else is, and its path changes with the install (an update would report it gone).
 */
function lczSourceOf(app: Pick<SessionInputs, 'map' | 'result'>, demoMapPath: string | null): LczSource | null {
  if (app.result && app.map?.id === app.result.map.id) return { kind: 'result', dir: app.result.dir };
  if (app.map && app.map.path !== demoMapPath) return { kind: 'map', path: app.map.path };
  return null;
}

/** The session of the window's state now; `run`: the training run whose report is open. Pure: tested in Node. */
export function sessionOf(
  app: SessionInputs,
  training: Pick<TrainingState, 'train' | 'test' | 'members' | 'settings'>,
  run: string | null,
  demoMapPath: string | null,
): Session {
  return {
    view: app.view,
    tab: app.tab,
    guide: app.guideOpen,
    lcz: lczSourceOf(app, demoMapPath),
    lczVisible: app.lczVisible,
    scene: app.scene?.path ?? null,
    sceneVisible: app.sceneVisible,
    camera: app.camera,
    training: trainingSessionOf(training),
    run,
    basemap: app.basemap,
  };
}

/** The parts of `next` that differ from `last` (all of them when nothing was saved yet). Pure. */
export function sessionChanges(last: Session | null, next: Session): Partial<Session> {
  if (!last) return next;
  const changed: Partial<Session> = {};
  for (const key of Object.keys(next) as (keyof Session)[]) {
    if (JSON.stringify(last[key]) !== JSON.stringify(next[key])) Object.assign(changed, { [key]: next[key] });
  }
  return changed;
}
