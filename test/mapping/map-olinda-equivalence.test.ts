// A planner's real scene nobody here made (../shared/data/L7_ETMs.tif: Landsat 7 ETM+ of Olinda, Byte digital numbers)
// mapped from a shell with the demo bundle, a Sentinel-2 model trained on synthetic cities: refused until band
// equivalence is accepted, stopped while Byte DNs are read as reflectance (with the scale to use instead), then mapped
// with every warning on the result: summary.json, report.md and the command's standard error.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultSummary } from '../../src/shared/contract';
import { lczCli } from '../helpers/lcz-cli';
import { sharedData, sharedDataMissing } from '../helpers/shared-data';

const olinda = sharedData('L7_ETMs.tif');
const temp = mkdtempSync(join(tmpdir(), 'lcz-olinda-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const lcz = lczCli({ cwd: temp, workspace: join(temp, 'workspace'), timeoutMs: 300_000 });

describe.skipIf(sharedDataMissing('L7_ETMs.tif'))('the Olinda Landsat 7 scene and the Sentinel-2 demo bundle', () => {
  it('is refused without band equivalence, naming the bands and how to accept it', { timeout: 240_000 }, () => {
    const run = lcz('map', '--scene', olinda, '--out', 'refused');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`${olinda}: cannot be mapped with the bundle "Demo CNN`);
    expect(run.stderr).toMatch(/needs bands S2\.B2, .*S2\.B12 .*which the scene's band mapping does not name; the scene's Landsat 7 ETM\+ bands can stand in for them by band equivalence: accept it with --band-equivalence/);
  });

  let suggested = '';
  it('stops Byte digital numbers read as reflectance, saying what scale they probably need', { timeout: 240_000 }, () => {
    const run = lcz('map', '--scene', olinda, '--band-equivalence', '--out', 'byte-as-reflectance');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/does not hold the reflectance the model "Demo CNN .*" \(.*\) expects: read with scale 1 and offset 0, its S2\.B2 has a median of 78 where the model expects reflectance around 0\.065 ± 0\.056; these look like 8-bit digital numbers/);
    suggested = /--scale ([\d.e-]+) --offset 0\), an estimate and not a calibration/.exec(run.stderr)?.[1] ?? '';
    expect(Number(suggested)).toBeGreaterThan(0.001);
    expect(Number(suggested)).toBeLessThan(0.005);
    // Nothing was written: the run stopped before the mapping.
    expect(() => readFileSync(join(temp, 'byte-as-reflectance', 'summary.json'))).toThrow();
  });

  it('maps with the suggested scale through band equivalence, and says so everywhere', { timeout: 240_000 }, () => {
    const run = lcz('map', '--scene', olinda, '--band-equivalence', '--scale', suggested, '--out', 'mapped');
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(temp, 'mapped', 'summary.json'), 'utf8')) as ResultSummary;
    expect(summary.modelTrainedOn).toBe('synthetic');
    expect(summary.synthetic).toBe(false);
    expect(summary.bandEquivalence?.sceneSensor).toBe('landsat-7');
    const byId = Object.fromEntries(summary.bandEquivalence!.bands.map((b) => [b.id, b]));
    expect(byId['S2.B4']).toMatchObject({ from: ['L7.B3'], kind: 'equivalent' });
    expect(byId['S2.B8']).toMatchObject({ from: ['L7.B4'], kind: 'equivalent' });
    expect(byId['S2.B11']).toMatchObject({ from: ['L7.B5'], kind: 'equivalent' });
    expect(byId['S2.B12']).toMatchObject({ from: ['L7.B7'], kind: 'equivalent' });
    // Red edge B5 (705 nm) between red (660 nm) and NIR (835 nm): 45/175 of the way to NIR.
    expect(byId['S2.B5']).toMatchObject({ from: ['L7.B3', 'L7.B4'], kind: 'interpolated' });
    expect(byId['S2.B5']!.weights[1]).toBeCloseTo(45 / 175, 6);
    expect(summary.scene.settings.scale).toBe(Number(suggested));
    expect(summary.stats.predictedCells).toBeGreaterThan(9000);

    const synthetic = /trained only on synthetic data .*has never seen a real scene/;
    const equivalence = /trained on Sentinel-2 MSI bands; this Landsat 7 ETM\+ scene stood in for them by band equivalence \(S2\.B2 from L7\.B1, .*S2\.B5, S2\.B6, S2\.B7 interpolated by wavelength/;
    expect(summary.warnings.some((w) => synthetic.test(w))).toBe(true);
    expect(summary.warnings.some((w) => equivalence.test(w))).toBe(true);
    const report = readFileSync(join(temp, 'mapped', 'report.md'), 'utf8');
    expect(report).toMatch(/## Before you use this map\n\n- \*\*The model was trained only on synthetic data/);
    expect(report).toMatch(equivalence);
    const warnings = run.stderr.split('\n').filter((l) => l.startsWith('lcz: warning: '));
    expect(warnings).toHaveLength(summary.warnings.length);
    expect(warnings.some((l) => synthetic.test(l)) && warnings.some((l) => equivalence.test(l))).toBe(true);
  });
});
