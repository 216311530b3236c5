// Fuzz: many writers in three processes at once on one workspace, each a seeded random mix of remembering maps,
// saving band mappings (to scenes of their own and to scenes others save too) and reading, starting sometimes from
// damaged files. Afterwards every write that reported success is in the files, nothing is half-written or left
// behind, and every damaged file was moved aside whole. LCZ_FUZZ_SEED=<n> replays a run.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/main/synthetic/noise';
import { SceneSettingsStore } from '../../src/main/workspace/scene-settings-store';
import { Workspace } from '../../src/main/workspace/workspace';
import { runWriters, settingsNumbered, type WriterJob, type WriterOp } from '../workspace/writer-ops';

const PROCESSES = 3;
const OPS_PER_PROCESS = 40;
/** Fewer than the recent list keeps (12): every map remembered must still be in it at the end. */
const MAP_POOL = 10;
const SHARED_SCENES = 6;

const seed = Number(process.env.LCZ_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`workspace writers fuzz: seed ${seed} (LCZ_FUZZ_SEED=${seed} replays it)`);

const temp = mkdtempSync(join(tmpdir(), 'lcz-fuzz-writers-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function jobsFor(root: string, random: () => number): WriterJob[] {
  const pick = (n: number) => Math.floor(random() * n);
  let numbered = 0;
  return Array.from({ length: PROCESSES }, (_, p) => ({
    root,
    concurrency: 1 + pick(6),
    ops: Array.from({ length: OPS_PER_PROCESS }, (_, i): WriterOp => {
      const roll = random();
      if (roll < 0.35) return { kind: 'remember', path: join(temp, 'maps', `map-${pick(MAP_POOL)}.tif`) };
      if (roll < 0.55) return { kind: 'save', scene: join(temp, 'scenes', `p${p}-${i}.tif`), settings: settingsNumbered(numbered++) };
      if (roll < 0.8) return { kind: 'save', scene: join(temp, 'scenes', `shared-${pick(SHARED_SCENES)}.tif`), settings: settingsNumbered(numbered++) };
      if (roll < 0.9) return { kind: 'read-recent' };
      return { kind: 'read-scene', scene: join(temp, 'scenes', `shared-${pick(SHARED_SCENES)}.tif`) };
    }),
  }));
}

describe('concurrent writers on one workspace (fuzz)', () => {
  it(`lose nothing and leave nothing behind (seed ${seed})`, async () => {
    const random = mulberry32(seed);
    const workspace = await Workspace.open(join(temp, 'workspace'));
    const recentFile = join(workspace.root, 'recent-maps.json');
    const damaged = new Map<string, string>();
    for (const file of [recentFile, workspace.sceneSettingsFile]) {
      if (random() < 0.5) continue;
      const text = `{"cut short at ${Math.floor(random() * 1000)}`;
      writeFileSync(file, text);
      damaged.set(file, text);
    }
    const jobs = jobsFor(workspace.root, random);
    const outcomes = await runWriters(jobs);

    for (const outcome of outcomes) expect(outcome, outcome.stderr).toMatchObject({ exitCode: 0, failed: [] });
    const names = readdirSync(workspace.root);
    expect(names.filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([]);
    for (const name of names.filter((n) => n.endsWith('.json'))) expect(() => JSON.parse(readFileSync(join(workspace.root, name), 'utf8')), name).not.toThrow();
    for (const [file, text] of damaged) {
      const aside = names.filter((n) => n.startsWith(`${file.split('/').pop()}.damaged-`));
      expect(aside.map((n) => readFileSync(join(workspace.root, n), 'utf8')), file).toEqual([text]);
    }

    const recent = (await workspace.recentMaps()).map((m) => m.path);
    expect(new Set(recent).size).toBe(recent.length);
    const saved = JSON.parse(readFileSync(workspace.sceneSettingsFile, 'utf8')) as Record<string, { settings: unknown }>;
    const store = new SceneSettingsStore(workspace.sceneSettingsFile);
    const writtenTo = new Map<string, unknown[]>();
    for (const [p, job] of jobs.entries()) {
      for (const index of outcomes[p]!.ok) {
        const op = job.ops[index]!;
        if (op.kind === 'remember') expect(recent, op.path).toContain(op.path);
        if (op.kind === 'save') writtenTo.set(op.scene, [...(writtenTo.get(op.scene) ?? []), op.settings]);
      }
    }
    // Each scene holds one of the mappings saved for it (the last writer's): for a scene of one writer, its own.
    for (const [scene, values] of writtenTo) {
      expect(values, scene).toContainEqual(saved[scene]?.settings);
      expect(await store.get(scene)).toEqual(saved[scene]?.settings);
    }
    expect(Object.keys(saved).sort()).toEqual([...writtenTo.keys()].sort());
  });
});
