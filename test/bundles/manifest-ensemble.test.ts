// A bundle may record the ensemble it was trained in and the rule that ensemble was fused by; manifests without
// the record (older bundles, imported models) still read, and a bad record is explained like any manifest problem.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BundleEnsemble, BundleManifest } from '../../src/shared/bundle-manifest';
import { readBundle, writeBundle } from '../../src/main/bundles/bundle-io';
import { defaultFusion } from '../../src/main/mapping/fusion-choice';
import { demoBundlePath } from '../../src/main/paths';
import { makeCnnOnnx, manifestFor, tempFolder, type CnnFixtureOptions } from '../fixtures/onnx-models';

const temp = tempFolder('lcz-bundle-ensemble-');
afterAll(temp.cleanup);

const fixture: CnnFixtureOptions = { channels: 10, patchSize: 32, classes: 17, seed: 4, widths: [4] };
const record: BundleEnsemble = { run: 'run-1', runName: 'city teachers', members: 3, member: 2, fusion: 'logit-average' };

function handMade(name: string, manifest: unknown): string {
  const dir = join(temp.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'model.onnx'), makeCnnOnnx(fixture));
  return dir;
}

describe('the ensemble record of a bundle', () => {
  it('is optional: the shipped demo bundle and manifests written before it read as before', async () => {
    const demo = await readBundle(demoBundlePath());
    expect(JSON.parse(readFileSync(join(demoBundlePath(), 'manifest.json'), 'utf8'))).not.toHaveProperty('ensemble');
    expect(demo.manifest.ensemble).toBeUndefined();
    const old = await readBundle(handMade('old', manifestFor(fixture)));
    expect(old.manifest.ensemble).toBeUndefined();
  });

  it('is written and read back with the bundle', async () => {
    const manifest: BundleManifest = { ...manifestFor(fixture), ensemble: record };
    await writeBundle(join(temp.dir, 'member'), manifest, makeCnnOnnx(fixture));
    const read = await readBundle(join(temp.dir, 'member'));
    expect(read.manifest.ensemble).toEqual(record);
  });

  it('is checked like the rest of the manifest, each problem named in plain words', async () => {
    const typo = handMade('typo', { ...manifestFor(fixture), ensemble: { ...record, fusoin: 'sum-rule' } });
    await expect(readBundle(typo)).rejects.toThrow(/ensemble: unknown key "fusoin" \(did you mean "fusion"\?\)/);
    const rule = handMade('rule', { ...manifestFor(fixture), ensemble: { ...record, fusion: 'median' } });
    await expect(readBundle(rule)).rejects.toThrow(/ensemble\.fusion should be one of "sum-rule", "logit-average", not "median"/);
    const past = handMade('past', { ...manifestFor(fixture), ensemble: { ...record, member: 4 } });
    await expect(readBundle(past)).rejects.toThrow(/ensemble\.member is 4, past the ensemble's 3 members/);
  });

  it('decides how an ensemble is fused by default: the recorded rule when every member records the same, else the sum rule', () => {
    const m = (fusion?: BundleEnsemble['fusion']): BundleManifest => ({ ...manifestFor(fixture), ...(fusion ? { ensemble: { ...record, fusion } } : {}) });
    expect(defaultFusion([m('logit-average'), m('logit-average')])).toBe('logit-average');
    expect(defaultFusion([m('sum-rule'), m('sum-rule')])).toBe('sum-rule');
    expect(defaultFusion([m('logit-average'), m('sum-rule')])).toBe('sum-rule');
    expect(defaultFusion([m('logit-average'), m()])).toBe('sum-rule');
    expect(defaultFusion([m(), m()])).toBe('sum-rule');
  });
});
