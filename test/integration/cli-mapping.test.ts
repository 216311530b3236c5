// The planner's command-line story: lcz demo, then lcz map (demo bundle), then lcz evaluate, run from another folder.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lczCli } from '../helpers/lcz-cli';

const temp = mkdtempSync(join(tmpdir(), 'lcz-cli-mapping-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** lcz from a folder outside the repo, with its own workspace, as a user's shell would run it. */
const lcz = lczCli({ cwd: temp, workspace: join(temp, 'workspace'), timeoutMs: 300_000 });

describe('lcz demo + map + evaluate', () => {
  // Four commands, a mapping among them: minutes on a loaded 2-core machine, as long as each may take (lczCli above).
  it('maps the synthetic city with the demo bundle and reports the same accuracy as evaluate', { timeout: 600_000 }, () => {
    const demo = lcz('demo', '--out', 'demo', '--size', '60', '--seed', '42');
    expect(demo.status, demo.stderr).toBe(0);
    const [scene, truth] = demo.stdout.trim().split('\n') as [string, string];

    const map = lcz('map', '--scene', scene, '--out', 'result', '--filter');
    expect(map.status, map.stderr).toBe(0);
    expect(map.stdout).toContain(join(temp, 'result', 'lcz.tif'));
    expect(map.stderr).toMatch(/Mapping/); // progress
    expect(map.stderr).toMatch(/OA \d+\.\d % \(kappa/);
    const summary = JSON.parse(readFileSync(join(temp, 'result', 'summary.json'), 'utf8')) as { accuracy: { oa: number; kappa: number; truthPath: string }; settings: { filter: boolean } };
    expect(summary.accuracy.truthPath).toBe(truth);
    expect(summary.settings.filter).toBe(true);

    const evaluate = lcz('evaluate', '--map', join('result', 'lcz.tif'), '--truth', truth, '--json');
    expect(evaluate.status, evaluate.stderr).toBe(0);
    const lines = evaluate.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const metrics = JSON.parse(lines[0]!) as { oa: number; kappa: number; f1: (number | null)[]; confusion: number[][] };
    expect(Object.keys(metrics)).toEqual(expect.arrayContaining(['oa', 'kappa', 'f1', 'confusion']));
    expect(metrics.f1).toHaveLength(17);
    expect(metrics.confusion).toHaveLength(17);
    expect(metrics.oa).toBeCloseTo(summary.accuracy.oa, 12);
    expect(metrics.kappa).toBeCloseTo(summary.accuracy.kappa, 12);
    // The shipped demo bundle must actually map the demo city: far above chance (about 0.3 for "always low plants").
    expect(metrics.oa).toBeGreaterThan(0.75);

    const text = lcz('evaluate', '--map', join('result', 'lcz.tif'), '--truth', truth);
    expect(text.stdout).toMatch(/OA: +\d+\.\d+ %/);
    expect(text.stdout).toContain('Confusion matrix');
  });

  it('says which flags are needed when a scene band mapping is wrong', () => {
    const run = lcz('map', '--scene', join(temp, 'demo', 'synthetic-city-s2.tif'), '--out', 'bad', '--bands', 'S2.B2,S2.B3');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/--bands names 2 bands but the scene has 10/);
  });
});
