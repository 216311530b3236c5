// Bad input to the mapping job: each case gets one clear message naming the file and the problem, and nothing is
// left behind as if complete. Fixtures are cut from a small synthetic scene with Debian's GDAL.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SO2SAT_S2_BANDS } from '../../src/shared/bands';
import type { JobRecord, SceneSettings } from '../../src/shared/contract';
import { UserError } from '../../src/shared/errors';
import { Core } from '../../src/main/api/core';
import { WRITER_FILE } from '../../src/main/files/folder-lock';
import { JobManager } from '../../src/main/jobs/job-manager';
import { currentWorker } from '../../src/main/train/run-liveness';
import { Workspace } from '../../src/main/workspace/workspace';
import { demoBundlePath } from '../../src/main/paths';
import { readAllBands } from '../../src/main/raster/read-bands';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { outputsOf, runJob } from '../helpers/jobs';
import { gdal, gdalMissing } from '../helpers/gdal';
import { python } from '../helpers/python';

const S2: SceneSettings = { sensor: 'sentinel-2', bands: [...SO2SAT_S2_BANDS], scale: 1e-4, offset: 0 };

const failure = (record: JobRecord): string => {
  if (record.state !== 'failed') throw new Error(`expected the job to fail, it ${record.state}`);
  return record.reason;
};

describe.skipIf(gdalMissing)('mapping bad input', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-map-bad-'));
  let scene: string;
  const map = (sceneFile: string, outDir: string, settings: SceneSettings = S2, bundles = [demoBundlePath()]) =>
    runJob({ kind: 'map', params: { scene: sceneFile, settings, bundles, outDir, resolutionM: 100, tta: false, filter: false, truth: null } });
  const leftovers = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

  beforeAll(async () => {
    ({ scenePath: scene } = await writeDemoScene(join(temp, 'scene'), { seed: 9, size: 30 }));
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('refuses a scene with fewer bands than the bundle needs, naming both and the missing bands', async () => {
    const three = join(temp, 'rgb.tif');
    gdal('gdal_translate', '-q', '-b', '1', '-b', '2', '-b', '3', scene, three);
    const out = join(temp, 'out-rgb');
    const reason = failure(await map(three, out, { sensor: 'sentinel-2', bands: ['S2.B2', 'S2.B3', 'S2.B4'], scale: 1e-4, offset: 0 }));
    expect(reason).toContain(three);
    expect(reason).toMatch(/needs bands S2\.B5, .*S2\.B12/);
    expect(reason).toContain(demoBundlePath());
    expect(leftovers(out)).toEqual([]);
  });

  it('refuses a band mapping that does not fit the file', async () => {
    const reason = failure(await map(scene, join(temp, 'out-mapping'), { ...S2, bands: S2.bands.slice(0, 9) }));
    expect(reason).toContain(scene);
    expect(reason).toMatch(/has 10 bands but the band mapping names 9/);
  });

  it('refuses an unsupported data type', async () => {
    const complex = join(temp, 'complex.tif');
    gdal('gdal_translate', '-q', '-ot', 'CInt16', scene, complex);
    const reason = failure(await map(complex, join(temp, 'out-complex')));
    expect(reason).toContain(complex);
    expect(reason).toMatch(/sample type|samples/);
  });

  it('refuses a scene smaller than one patch', async () => {
    const tiny = join(temp, 'tiny.tif');
    gdal('gdal_translate', '-q', '-srcwin', '0', '0', '20', '20', scene, tiny);
    const reason = failure(await map(tiny, join(temp, 'out-tiny')));
    expect(reason).toContain(tiny);
    expect(reason).toMatch(/patches of 320 m .* only 200 x 200 m/);
  });

  it('leaves no-data regions without prediction, and refuses a scene that is no data everywhere', async () => {
    const holed = join(temp, 'holed.tif');
    const empty = join(temp, 'empty.tif');
    const script = `import sys
from osgeo import gdal
src = gdal.Open(sys.argv[1])
for path, rows in ((sys.argv[2], 150), (sys.argv[3], src.RasterYSize)):
    ds = gdal.GetDriverByName('GTiff').CreateCopy(path, src)
    for b in range(1, ds.RasterCount + 1):
        band = ds.GetRasterBand(b); a = band.ReadAsArray(); a[:rows] = 0; band.WriteArray(a)
    ds = None`;
    python(script, scene, holed, empty);
    const out = join(temp, 'out-holed');
    outputsOf(await map(holed, out));
    const [classes] = (await readAllBands(join(out, 'lcz.tif'))).bands;
    const probabilities = (await readAllBands(join(out, 'probabilities.tif'))).bands;
    // Rows 0-149 (cells 0-14) are no data; cell row 15 straddles nothing: its footprint starts at pixel row 150.
    for (let r = 0; r < 30; r++) {
      for (let c = 0; c < 30; c++) {
        const i = r * 30 + c;
        if (r < 15) {
          expect(classes![i]).toBe(0);
          expect(probabilities[0]![i]).toBe(65535);
        } else expect(classes![i]).toBeGreaterThan(0);
      }
    }
    const reason = failure(await map(empty, join(temp, 'out-empty')));
    expect(reason).toContain(empty);
    expect(reason).toMatch(/no valid pixels/);
    expect(leftovers(join(temp, 'out-empty')).filter((f) => !f.startsWith('.staging'))).toEqual([]);
  });

  it('refuses a bundle whose manifest is damaged, naming the manifest', async () => {
    const broken = join(temp, 'broken-bundle');
    mkdirSync(broken);
    writeFileSync(join(broken, 'model.onnx'), readFileSync(join(demoBundlePath(), 'model.onnx')));
    writeFileSync(join(broken, 'manifest.json'), readFileSync(join(demoBundlePath(), 'manifest.json'), 'utf8').replace('"patchSize"', '"patchSise"'));
    const reason = failure(await map(scene, join(temp, 'out-broken'), S2, [broken]));
    expect(reason).toContain(join(broken, 'manifest.json'));
    expect(reason).toMatch(/patchSise/);
  });

  it('keeps the previous result intact when a new run is cancelled or crashes, and leaves no staging behind', async () => {
    const out = join(temp, 'out-keep');
    outputsOf(await map(scene, out));
    const before = readFileSync(join(out, 'summary.json'), 'utf8');
    const big = join(temp, 'big');
    const { scenePath: bigScene } = await writeDemoScene(big, { seed: 4, size: 80 });
    for (const how of ['cancel', 'crash'] as const) {
      const jobs = new JobManager();
      const id = jobs.start({ kind: 'map', params: { scene: bigScene, settings: S2, bundles: [demoBundlePath()], outDir: out, resolutionM: 100, tta: true, filter: false, truth: null } });
      await new Promise<void>((resolve) => {
        const listener = (r: JobRecord) => {
          if (r.id === id && r.progress?.stage === 'Mapping' && r.progress.done > 0) {
            jobs.off('update', listener);
            resolve();
          }
        };
        jobs.on('update', listener);
      });
      if (how === 'cancel') jobs.cancel(id);
      else process.kill(jobs.pidOf(id)!, 'SIGKILL');
      const record = await jobs.wait(id);
      expect(record.state).toBe(how === 'cancel' ? 'cancelled' : 'failed');
      if (record.state === 'failed') expect(record.reason).toMatch(/killed \(SIGKILL\)/);
      expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(before);
      // A crash cannot clean up its staging folder; a cancel must.
      if (how === 'cancel') expect(leftovers(out).filter((f) => f.startsWith('.staging'))).toEqual([]);
    }
  });
  it('refuses an output folder another live mapping writes, and takes over the files of dead writers', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid; // a process that has ended
    const out = join(temp, 'out-writers');
    mkdirSync(out);
    const worker = (pid: number) => `${JSON.stringify({ ...currentWorker(), pid })}\n`;
    // A live writer (this test's process): refused at the job's start, the folder left as it was.
    writeFileSync(join(out, WRITER_FILE), worker(process.pid));
    const reason = failure(await map(scene, out));
    expect(reason).toBe(`${out}: another mapping is writing to this folder (process ${process.pid}); wait for it to end or choose another folder`);
    expect(leftovers(out)).toEqual([WRITER_FILE]);
    // A dead writer's file and staging folder are leftovers; a live process's staging folder is not touched.
    writeFileSync(join(out, WRITER_FILE), worker(dead));
    for (const name of [`.staging-${dead}-aaaaaa`, `.staging-${process.pid}-bbbbbb`, '.staging-cccccc']) {
      mkdirSync(join(out, name));
      writeFileSync(join(out, name, 'lcz.tif'), 'staged');
    }
    outputsOf(await map(scene, out));
    expect(leftovers(out).filter((f) => f.startsWith('.'))).toEqual([`.staging-${process.pid}-bbbbbb`]);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });

  it('is refused by the core before any job starts when its output cannot be written', async () => {
    const workspace = await Workspace.open(join(temp, 'workspace'));
    const core = new Core({ face: 'browser', version: 'test', workspace });
    const request = { kind: 'map', params: { scene, settings: S2, bundles: [demoBundlePath()], outDir: '/proc/self/lcz-out' } };
    await expect(core.handle('jobs/start', request)).rejects.toThrow(new UserError('the output folder is on procfs (/proc), a special filesystem of the kernel where files cannot be written; choose a folder on a disk', '/proc/self/lcz-out'));
    const file = join(temp, 'a-file');
    writeFileSync(file, 'not a folder');
    await expect(core.handle('jobs/start', { ...request, params: { ...request.params, outDir: file } })).rejects.toThrow(`${file}: the output folder is a file, not a folder`);
    expect(core.jobs.list()).toEqual([]);
  });
});
