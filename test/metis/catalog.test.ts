// The Deploy view's bundle picker (students first, an int8 bundle deployed through its float parent), where a
// deployment goes, and the job log the stepper reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUANTIZATION_SCHEME } from '../../src/shared/bundle-manifest';
import type { DeployStep } from '../../src/shared/contract';
import { writeBundle, type Bundle } from '../../src/main/bundles/bundle-io';
import { catalogEntry, deployPair, metisCatalog, type CatalogEntry } from '../../src/main/metis/catalog/bundle-catalog';
import { deploymentFolder, findDeployments } from '../../src/main/metis/catalog/deployment-catalog';
import { JobLog, readJobLog } from '../../src/main/metis/jobs/job-log';
import { makeCnnOnnx, manifestFor, tempFolder } from '../fixtures/onnx-models';

const temp = tempFolder('lcz-metis-catalog-');
afterAll(temp.cleanup);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let float: Bundle;
let int8: Bundle;
let distilled: Bundle;
let plain: Bundle;
let entries: CatalogEntry[];

beforeAll(async () => {
  const floatBytes = makeCnnOnnx({ seed: 1 });
  float = await writeBundle(join(temp.dir, 'b', 'teacher'), manifestFor({ seed: 1 }, { name: 'B teacher' }), floatBytes);
  const quantization = { scheme: QUANTIZATION_SCHEME, reduceRange: true, method: 'minmax', calibration: { file: 'x.h5', samples: 200 }, parent: { name: 'B teacher', sha256: sha(floatBytes) }, leftInFloat: [] };
  const base = manifestFor({ seed: 2 });
  int8 = await writeBundle(join(temp.dir, 'b', 'teacher-int8'), { ...base, name: 'B teacher int8', provenance: { ...base.provenance, quantization } } as never, makeCnnOnnx({ seed: 2 }));
  const d = manifestFor({ seed: 3 });
  // A provenance field being added by the distillation work: read by name, so it counts as soon as it exists.
  const distilledManifest = { ...d, name: 'A student', provenance: { ...d.provenance, distillation: { teacher: 'B teacher' } } };
  distilled = await writeBundle(join(temp.dir, 'b', 'student'), manifestFor({ seed: 3 }, { name: 'A student' }), makeCnnOnnx({ seed: 3 }));
  distilled = { ...distilled, manifest: distilledManifest as never };
  plain = await writeBundle(join(temp.dir, 'b', 'other'), manifestFor({ seed: 4 }, { name: 'C other' }), makeCnnOnnx({ seed: 4 }));
  entries = await Promise.all([plain, float, int8, distilled].map((b) => catalogEntry(b, false)));
}, 60_000);

describe('the bundle picker', () => {
  it('lists students first, and links an int8 bundle with its float parent both ways', () => {
    const rows = metisCatalog(entries, () => []);
    expect(rows.map((r) => r.name)).toEqual(['A student', 'B teacher int8', 'B teacher', 'C other']);
    expect(rows[0]!.student).toEqual({ distilled: true, int8: false, pruned: false });
    const i8 = rows.find((r) => r.name === 'B teacher int8')!;
    expect(i8.student.int8).toBe(true);
    expect(i8.parent).toEqual({ dir: float.dir, name: 'B teacher' });
    expect(rows.find((r) => r.name === 'B teacher')!.int8Child).toEqual({ dir: int8.dir, name: 'B teacher int8' });
    expect(rows.find((r) => r.name === 'C other')).toMatchObject({ parent: null, int8Child: null, student: { distilled: false, int8: false, pruned: false } });
  });

  it('deploys an int8 bundle through its float parent, and a float bundle with its int8 child', () => {
    const rows = metisCatalog(entries, () => []);
    expect(deployPair(rows.find((r) => r.name === 'B teacher int8')!)).toEqual({ bundle: float.dir, int8Bundle: int8.dir, note: expect.stringMatching(/is an int8 model: the card compiles its float parent "B teacher"/) });
    expect(deployPair(rows.find((r) => r.name === 'B teacher')!)).toEqual({ bundle: float.dir, int8Bundle: int8.dir, note: null });
    expect(deployPair(rows.find((r) => r.name === 'C other')!)).toEqual({ bundle: plain.dir, int8Bundle: null, note: null });
    // Without its parent among the bundles, the int8 bundle is compiled as it is, and the note says it may fail.
    const orphan = metisCatalog(entries.filter((e) => e.bundle !== float), () => []).find((r) => r.name === 'B teacher int8')!;
    expect(deployPair(orphan)).toEqual({ bundle: int8.dir, int8Bundle: null, note: expect.stringMatching(/whose float parent is not among the bundles: it is compiled as it is .* which may fail/) });
  });
});

describe('where a deployment goes', () => {
  it('beside a bundle of the user, in the workspace for the bundles LCZ Studio keeps', () => {
    const b = { dir: '/data/models/student', name: 'My student (v2)', sha256: 'ab12cd34'.repeat(8) };
    expect(deploymentFolder(b, ['/app/resources', '/home/u/LCZ Studio'], '/home/u/LCZ Studio/deployments')).toBe('/data/models/student-metis');
    expect(deploymentFolder({ ...b, dir: '/home/u/LCZ Studio/runs/r1/bundles/1' }, ['/app/resources', '/home/u/LCZ Studio'], '/home/u/LCZ Studio/deployments')).toBe('/home/u/LCZ Studio/deployments/my-student-v2-ab12cd34-metis');
    expect(deploymentFolder({ ...b, dir: '/app/resources/demo/bundle' }, ['/app/resources'], '/w/deployments')).toBe('/w/deployments/my-student-v2-ab12cd34-metis');
  });

  it('finds deployments newest first and skips folders that are not one', async () => {
    const root = join(temp.dir, 'deployments');
    const write = (name: string, createdAt: string) => {
      mkdirSync(join(root, name), { recursive: true });
      const deployment = JSON.parse(readFileSync('test/metis/fixtures/deployment.json', 'utf8')) as Record<string, unknown>;
      writeFileSync(join(root, name, 'deployment.json'), JSON.stringify({ ...deployment, createdAt }));
    };
    write('old', '2026-01-01T00:00:00.000Z');
    write('new', '2026-02-01T00:00:00.000Z');
    mkdirSync(join(root, 'notes'), { recursive: true });
    mkdirSync(join(root, 'damaged'), { recursive: true });
    writeFileSync(join(root, 'damaged', 'deployment.json'), '{"schemaVersion": 1');
    const found = await findDeployments(root, [join(temp.dir, 'missing')]);
    expect(found.map((f) => f.dir)).toEqual([join(root, 'new'), join(root, 'old')]);
  });
});

describe('the job log', () => {
  it('is written whole as the job goes and read back; a file that is not one is refused', async () => {
    const file = join(temp.dir, 'logs', 'deploy.json');
    const log = new JobLog(file, 'deploy', true);
    expect(await readJobLog(file)).toBeNull();
    const step: DeployStep = { id: 'check', status: 'running', startedAt: '2026-01-01T00:00:00.000Z', endedAt: null, message: null, simulated: true };
    log.setSteps([step]);
    for (let i = 0; i < 2000; i++) log.append(`line ${i} ${'x'.repeat(40)}\n`);
    await log.flush();
    const read = (await readJobLog(file))!;
    expect(read).toMatchObject({ kind: 'deploy', steps: [step], simulated: true });
    // The end of the output is kept, up to 64 KB.
    expect(read.log.length).toBe(64 * 1024);
    expect(read.log.endsWith(`line 1999 ${'x'.repeat(40)}\n`)).toBe(true);
    const notLog = join(temp.dir, 'logs', 'other.json');
    writeFileSync(notLog, '{"steps": 3}');
    await expect(readJobLog(notLog)).rejects.toThrow(/other\.json: is not a Metis job log written by this version/);
    writeFileSync(notLog, 'not json');
    await expect(readJobLog(notLog)).rejects.toThrow(/other\.json: is not a Metis job log \(not JSON\)/);
  });
});
