import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sessionSchema, type Session, type SessionPatch } from '../../shared/contract';
import { JsonStore } from '../workspace/json-store';
import type { Workspace } from '../workspace/workspace';

/** What a session holds before anything was saved: the map view, the guide open (the first start). */
export const EMPTY_SESSION: Session = {
  view: 'map',
  tab: 'layers',
  guide: true,
  lcz: null,
  lczVisible: true,
  scene: null,
  sceneVisible: true,
  camera: null,
  training: null,
  run: null,
  basemap: 'osm',
};

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The window's session in the workspace (session.json): the app and browser mode, and several windows, share it; a
 * change replaces the parts it names, under the file's lock. A missing or damaged file is no session (the first start).
 */
export class SessionService {
  private readonly store: JsonStore<Session | null>;

  constructor(workspace: Workspace) {
    this.store = new JsonStore(join(workspace.root, 'session.json'), sessionSchema.nullable(), () => null);
  }

  /**
   * The saved session, without the files that are gone since (moved, deleted, an unplugged disk): those are listed
   * in `dropped` for a one-line notice, and the rest of the session comes back.
   */
  async get(): Promise<{ session: Session | null; dropped: string[] }> {
    const saved = await this.store.read();
    if (!saved) return { session: null, dropped: [] };
    const dropped: string[] = [];
    const keep = async (path: string | null): Promise<string | null> => {
      if (path === null || (await exists(path))) return path;
      dropped.push(path);
      return null;
    };
    const lczPath = saved.lcz === null ? null : saved.lcz.kind === 'map' ? saved.lcz.path : saved.lcz.dir;
    const lczKept = (await keep(lczPath)) !== null;
    const session: Session = {
      ...saved,
      lcz: lczKept ? saved.lcz : null,
      // The camera looked at the map that is gone: the map shown instead is framed whole.
      camera: lczKept || saved.lcz === null ? saved.camera : null,
      scene: await keep(saved.scene),
      training: saved.training && { ...saved.training, train: await keep(saved.training.train), test: await keep(saved.training.test) },
      run: await keep(saved.run),
    };
    return { session, dropped };
  }

  /** Saves the parts of the session that changed. */
  async set(patch: SessionPatch): Promise<void> {
    await this.store.update((current) => ({ ...(current ?? EMPTY_SESSION), ...patch }));
  }
}
