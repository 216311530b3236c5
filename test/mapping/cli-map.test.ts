// lcz map from a shell: a demo scene copied without its truth still maps (without accuracy, and says so); --sensor
// reads the scene's band names as that sensor's; --fusion picks how an ensemble is fused; --help tells the default
// scaling as the code applies it.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultSummary } from '../../src/shared/contract';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { randomBundle } from '../helpers/bundles';
import { gdalMissing } from '../helpers/gdal';
import { gdalVariant } from '../scenes/gdal-variants';
import { lczCli } from '../helpers/lcz-cli';
import { sharedData, sharedDataMissing } from '../helpers/shared-data';

const temp = mkdtempSync(join(tmpdir(), 'lcz-cli-map-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const lcz = lczCli({ cwd: temp, workspace: join(temp, 'workspace'), timeoutMs: 300_000 });
const summaryOf = (dir: string) => JSON.parse(readFileSync(join(temp, dir, 'summary.json'), 'utf8')) as ResultSummary;

let demoScene: string;
beforeAll(async () => {
  ({ scenePath: demoScene } = await writeDemoScene(join(temp, 'demo'), { seed: 3, size: 12 }));
}, 60_000);

describe('lcz map', () => {
  it('maps a demo scene copied without its truth, without accuracy, and says why', () => {
    mkdirSync(join(temp, 'copy'));
    const copy = join(temp, 'copy', 'scene.tif');
    copyFileSync(demoScene, copy);
    const run = lcz('map', '--scene', copy, '--out', 'no-truth');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/names its true LCZ map synthetic-city-truth\.tif, which is not beside it .*mapping without accuracy/);
    expect(summaryOf('no-truth').accuracy).toBeNull();
    // Beside its truth, the same scene is measured against it.
    const measured = lcz('map', '--scene', demoScene, '--out', 'with-truth');
    expect(measured.status, measured.stderr).toBe(0);
    expect(summaryOf('with-truth').accuracy).not.toBeNull();
  });

  it.skipIf(gdalMissing)('reads the band names again as the sensor --sensor names', async () => {
    // Six bands named B2 ... B7: Landsat 8's blue to SWIR 2, or Landsat 7's green to SWIR 2 with no B6.
    const scene = gdalVariant(demoScene, join(temp, 'landsat8.tif'), { bands: [1, 2, 3, 7, 9, 10], descriptions: ['B2', 'B3', 'B4', 'B5', 'B6', 'B7'] });
    const bands = ['L8.B2', 'L8.B3', 'L8.B4', 'L8.B5', 'L8.B6', 'L8.B7'];
    const bundle = await randomBundle(join(temp, 'l8-bundle'), { sensor: 'landsat-8', bandIds: bands, resolutionM: 30, seed: 4, widths: [4] });
    const guessed = lcz('map', '--scene', scene, '--model', bundle, '--out', 'l8-guessed');
    expect(guessed.status).not.toBe(0);
    expect(guessed.stderr).toMatch(/needs bands L8\.B2, L8\.B3/);
    const run = lcz('map', '--scene', scene, '--model', bundle, '--sensor', 'landsat-8', '--out', 'l8');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/is a guess/);
    expect(summaryOf('l8').scene.settings).toMatchObject({ sensor: 'landsat-8', bands });
  });

  it('fuses an ensemble by the rule --fusion names', async () => {
    const one = await randomBundle(join(temp, 'member-1'), { seed: 1, widths: [4] });
    const two = await randomBundle(join(temp, 'member-2'), { seed: 2, widths: [4] });
    const run = lcz('map', '--scene', demoScene, '--model', one, '--model', two, '--fusion', 'logit-average', '--out', 'logits');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/2 models fused by logit-average/);
    expect(summaryOf('logits').settings.fusion).toBe('logit-average');
    const bad = lcz('map', '--scene', demoScene, '--fusion', 'median', '--out', 'bad');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--fusion.*median.*sum, sum-rule, logit-average/s);
  });

  it('tells the default scaling in --help as it is applied: Byte scenes are not scaled', () => {
    const help = lcz('map', '--help');
    expect(help.status).toBe(0);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('0.0001 for 16- and 32-bit integer scenes, 1 for Byte, Float32, Float64 scenes');
    expect(text).toMatch(/--fusion <rule>/);
    // Each option tells its default once (commander adds its own "(default: [])" unless told what to show).
    const options = help.stdout.split(/\n(?= {2}-)/).map((o) => o.replace(/\s+/g, ' '));
    expect(options.filter((o) => (o.match(/default:/g) ?? []).length > 1)).toEqual([]);
    expect(options.find((o) => o.includes('--model'))).toContain('(default: the demo bundle)');
  });

  it.skipIf(sharedDataMissing('L7_ETMs.tif'))('takes --sensor as the band mapping of a scene without band names: no guess warning', () => {
    // Olinda's six unnamed Byte bands: the usual Landsat 7 stack (B1-B5, B7) is a guess until the user names the
    // sensor. The run stops at its output (/proc), after the settings were resolved and any warning printed.
    const olinda = sharedData('L7_ETMs.tif');
    const guessed = lcz('map', '--scene', olinda, '--out', '/proc/lcz-out');
    expect(guessed.stderr).toMatch(/band mapping of .*L7_ETMs\.tif is a guess \(L7\.B1,L7\.B2,L7\.B3,L7\.B4,L7\.B5,L7\.B7\); pass --bands or --sensor to set it/);
    const named = lcz('map', '--scene', olinda, '--sensor', 'landsat-7', '--out', '/proc/lcz-out');
    expect(named.status).not.toBe(0);
    expect(named.stderr).toMatch(/\/proc/);
    expect(named.stderr).not.toMatch(/is a guess/);
  });
});
