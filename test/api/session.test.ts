// The window's session in the workspace, through the core as every face asks for it (session/get, session/set).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/api/core';
import { EMPTY_SESSION } from '../../src/main/api/session-service';
import { Workspace } from '../../src/main/workspace/workspace';
import type { OutputOf, SessionPatch } from '../../src/shared/contract';

let root: string;

async function core(): Promise<Core> {
  return new Core({ face: 'browser', version: 'test', workspace: await Workspace.open(root) });
}

async function get(c: Core): Promise<OutputOf<'session/get'>> {
  return (await c.handle('session/get', {})) as OutputOf<'session/get'>;
}

async function set(c: Core, patch: SessionPatch): Promise<void> {
  await c.handle('session/set', patch);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lcz-session-'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('session/get and session/set', () => {
  it('has no session on the first start', async () => {
    expect(await get(await core())).toEqual({ session: null, dropped: [] });
  });

  it('keeps what was saved across a restart of the core, each change replacing only the parts it names', async () => {
    const map = join(root, 'city.tif');
    writeFileSync(map, 'a map');
    const first = await core();
    await set(first, { view: 'training', lcz: { kind: 'map', path: map }, camera: { center: [4.35, 50.85], zoom: 11.5 } });
    await set(first, { tab: 'results', guide: false });
    const restarted = await core();
    expect(await get(restarted)).toEqual({
      session: { ...EMPTY_SESSION, view: 'training', tab: 'results', guide: false, lcz: { kind: 'map', path: map }, camera: { center: [4.35, 50.85], zoom: 11.5 } },
      dropped: [],
    });
  });

  it('drops the files that are gone, with the camera that looked at the map, and keeps the rest', async () => {
    const c = await core();
    const scene = join(root, 'scene.tif');
    writeFileSync(scene, 'a scene');
    const gone = join(root, 'gone.tif');
    const goneData = join(root, 'training.h5');
    await set(c, {
      lcz: { kind: 'result', dir: join(root, 'results', 'deleted') },
      scene,
      camera: { center: [1, 2], zoom: 9 },
      training: {
        train: goneData,
        test: null,
        members: [{ arch: 'tiny-cnn', inputs: 'rgb', seed: '4', width: '1' }],
        settings: { epochs: '3', batchSize: '64', learningRate: '0.001', weightDecay: '0.0001', schedule: 'cosine', augment: true, validationShare: '10', maxPatches: '', normalisation: 'published', fusion: 'sum-rule', name: '' },
      },
    });
    await set(c, { lcz: { kind: 'map', path: gone }, run: join(root, 'runs', 'deleted') });
    const { session, dropped } = await get(c);
    expect(dropped).toEqual([gone, goneData, join(root, 'runs', 'deleted')]);
    expect(session?.run).toBeNull();
    expect(session?.lcz).toBeNull();
    expect(session?.camera).toBeNull();
    expect(session?.scene).toBe(scene);
    expect(session?.training?.train).toBeNull();
    expect(session?.training?.members).toEqual([{ arch: 'tiny-cnn', inputs: 'rgb', seed: '4', width: '1' }]);
    expect(session?.training?.settings.epochs).toBe('3');
  });

  it('refuses a session part it does not know, naming it', async () => {
    await expect(set(await core(), { view: 'map', zoom: 3 } as SessionPatch)).rejects.toThrow(/zoom/);
    await expect(set(await core(), { view: 'atlas' } as unknown as SessionPatch)).rejects.toThrow(/view/);
  });

  it('starts afresh from a damaged session file instead of failing the start', async () => {
    writeFileSync(join(root, 'session.json'), '{"view": "map", "tab":');
    const c = await core();
    expect(await get(c)).toEqual({ session: null, dropped: [] });
    await set(c, { view: 'training' });
    expect((await get(c)).session?.view).toBe('training');
  });
});
