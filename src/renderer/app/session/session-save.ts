import { api } from '../../api';
import type { Session } from '../../../shared/contract';
import { runsStore } from '../../features/training/runs-store';
import { trainingStore } from '../../features/training/training-store';
import { appStore } from '../app-state';
import { addNotice } from '../report-error';
import { sessionChanges, sessionOf, type SessionInputs } from './session-of';

/** Saves once the user pauses: a pan or typing in a field is many changes. */
const DELAY_MS = 300;

let started = false;

/** Tests wait for "saved" (everything changed is in session.json); "saving" while a change waits or is written. */
function mark(state: 'saving' | 'saved'): void {
  document.body.dataset.session = state;
}

/**
 * Once per page, after the session was restored: saves what changes of it into the workspace (session/set), the
 * parts that changed only (another window of the same workspace keeps its own changes to the rest).
 */
export function startSessionSave(demoMapPath: string): void {
  if (started) return;
  started = true;
  let saved: Session | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing = false;
  let failed = false;

  const save = async (): Promise<void> => {
    timer = null;
    if (writing) return; // the write under way saves again when it ends
    const next = sessionOf(appStore.get(), trainingStore.get(), runsStore.get().reportDir, demoMapPath);
    const patch = sessionChanges(saved, next);
    if (Object.keys(patch).length === 0) {
      mark('saved');
      return;
    }
    writing = true;
    try {
      await api.invoke('session/set', patch);
      saved = next;
      failed = false;
    } catch (error) {
      // Said once: the app works without a saved session, and a full disk would say so on every pan. The next
      // change tries again.
      if (!failed) addNotice(`The session could not be saved (${error instanceof Error ? error.message : String(error)})`);
      failed = true;
      return;
    } finally {
      writing = false;
    }
    // Changes made while it was written are saved now; with none, all is saved.
    schedule(0);
  };

  const schedule = (delay = DELAY_MS): void => {
    mark('saving');
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void save(), delay);
  };

  // Most store changes are the cursor moving: a change of the session's inputs, by identity, is rare and cheap to test.
  let inputs: unknown[] = [];
  const watch = (): void => {
    const a: SessionInputs = appStore.get();
    const t = trainingStore.get();
    const run = runsStore.get().reportDir;
    const now = [a.view, a.tab, a.guideOpen, a.map, a.result, a.lczVisible, a.scene, a.sceneVisible, a.camera, a.basemap, t.train, t.test, t.members, t.settings, run];
    if (now.every((v, i) => v === inputs[i])) return;
    inputs = now;
    schedule();
  };
  appStore.subscribe(watch);
  trainingStore.subscribe(watch);
  runsStore.subscribe(watch);
  watch();
}
