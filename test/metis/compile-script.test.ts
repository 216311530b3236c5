import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeNpy, encodeNpy } from '../../src/main/metis/deploy/npy';
import { compileScript, pythonCompileArgs } from '../../src/main/metis/sdk/commands';
import { tempFolder } from '../fixtures/onnx-models';
import { PYTHON, pythonMissing } from '../helpers/python';

const temp = tempFolder('lcz-metis-compile-py-');
afterAll(temp.cleanup);

/** Three NHWC patches [8, 8, 4] whose value says where it is: 1000 * patch + 100 * y + 10 * x + channel. */
function writePatches(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let n = 0; n < 3; n++) {
    const patch = Float32Array.from({ length: 8 * 8 * 4 }, (_, i) => 1000 * n + 100 * Math.floor(i / 32) + 10 * (Math.floor(i / 4) % 8) + (i % 4));
    writeFileSync(join(dir, `patch-${String(n).padStart(4, '0')}.npy`), encodeNpy(patch, [8, 8, 4]));
  }
}

describe.skipIf(pythonMissing('numpy'))('the .npy calibration files', () => {
  it('are read by numpy as written, and numpy\'s are read back', () => {
    const path = join(temp.dir, 'a.npy');
    writeFileSync(path, encodeNpy(Float32Array.from([1.5, -2, 0.1, 4, 5, 6]), [2, 3]));
    const seen = execFileSync(PYTHON, ['-c', 'import sys, numpy as np; a = np.load(sys.argv[1]); print(a.dtype, a.shape, a.tolist())', path], { encoding: 'utf8' }).trim();
    expect(seen).toBe('float32 (2, 3) [[1.5, -2.0, 0.10000000149011612], [4.0, 5.0, 6.0]]');
    const theirs = join(temp.dir, 'b.npy');
    execFileSync(PYTHON, ['-c', 'import sys, numpy as np; np.save(sys.argv[1], np.arange(24, dtype=np.float32).reshape(2, 3, 4))', theirs]);
    const back = decodeNpy(readFileSync(theirs));
    expect(back.shape).toEqual([2, 3, 4]);
    expect([...back.data]).toEqual(Array.from({ length: 24 }, (_, i) => i));
    execFileSync(PYTHON, ['-c', 'import sys, numpy as np; np.save(sys.argv[1], np.zeros(3, dtype=np.float64))', theirs]);
    expect(() => decodeNpy(readFileSync(theirs), 'b.npy')).toThrow(/b\.npy does not hold C-order little-endian float32/);
  });
});

describe.skipIf(pythonMissing('numpy'))('resources/metis/compile.py against a stand-in compiler API', () => {
  const run = (layout: 'NCHW' | 'NHWC', calibration: string, cores: 1 | 4 = 1) => {
    const dir = join(temp.dir, `${layout}-${cores}`);
    mkdirSync(dir, { recursive: true });
    const log = join(dir, 'log.json');
    const args = pythonCompileArgs({ model: join(dir, 'prepared.onnx'), outDir: join(dir, 'compiled'), inputDims: [1, 4, 8, 8], layout, calibration, aipuCores: cores });
    const r = spawnSync(PYTHON, args, { encoding: 'utf8', env: { ...process.env, PYTHONPATH: resolve('test/metis/stub/python'), FAKE_AXELERA_LOG: log } });
    return { r, dir, log: existsSync(log) ? (JSON.parse(readFileSync(log, 'utf8')) as Record<string, unknown>) : null };
  };

  it('feeds every patch in the model\'s layout with a batch of 1, and compiles into the output folder by a relative path', () => {
    const cal = join(temp.dir, 'cal');
    writePatches(cal);
    const { r, dir, log } = run('NCHW', cal);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(log!.calibration).toEqual([0, 1, 2].map((n) => ({ shape: [1, 4, 8, 8], dtype: 'float32', first: [1000 * n, 1000 * n + 10, 1000 * n + 20] })));
    expect(log!.config).toEqual({ aipu_cores_used: 1, resources_used: 0.25, multicore_mode: 'batch' });
    expect([log!.output_dir, log!.cwd, log!.model]).toEqual(['compiled', dir, join(dir, 'prepared.onnx')]);
    expect(existsSync(join(dir, 'compiled', 'compiled_model', 'model.json'))).toBe(true);
    const nhwc = run('NHWC', cal, 4);
    expect((nhwc.log!.calibration as { shape: number[]; first: number[] }[])[1]).toEqual({ shape: [1, 8, 8, 4], dtype: 'float32', first: [1000, 1001, 1002] });
    expect(nhwc.log!.config).toEqual({ aipu_cores_used: 4, resources_used: 1, multicore_mode: 'batch' });
  });

  it('says so in one line when the calibration folder has no patches', () => {
    const empty = join(temp.dir, 'empty');
    mkdirSync(empty);
    const { r } = run('NCHW', empty);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe(`${empty}: no .npy calibration patches`);
    expect(compileScript()).toMatch(/resources\/metis\/compile\.py$/);
  });
});
