/**
 * Special files where the app expects a file: FIFOs, folders, devices (/dev/zero reads for ever), sockets, loops of
 * symbolic links. Each request that names one must be refused at once with a message saying what it is, never hang:
 * a plain open() of a FIFO waits for a writer and holds one of libuv's four thread-pool threads for ever, so four such
 * requests used to stop every file operation of the server. Bounded: a few requests per case, on 127.0.0.1 only.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/api/core';
import { demoMapPath } from '../../src/main/paths';
import { Workspace } from '../../src/main/workspace/workspace';
import { UserError } from '../../src/shared/errors';
import { lczCli } from '../helpers/lcz-cli';
import { makeSpecialFiles, settleWithin, type SpecialFiles } from '../helpers/special-files';
import { assertAlive, socketCall, startServerProcess, type ServerProcess } from './harness';

/** Concurrent requests per case: more than libuv's 4 thread-pool threads. */
const AT_ONCE = 5;
/** Far more than a refusal takes; only a hang gets near it. */
const HANG_MS = 20_000;

/** The contract keys that open a file named in their input. */
const PATH_KEYS = ['maps/open', 'rasters/probe', 'scenes/open', 'datasets/inspect'] as const;

let special: SpecialFiles;
beforeAll(async () => {
  special = await makeSpecialFiles();
});
afterEach(() => special.unjam());
afterAll(() => special.remove());

/** The error a request ended with (it must end with one). */
async function refusal(request: Promise<unknown>): Promise<Error> {
  try {
    await request;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the request succeeded');
}

describe('special files given to the core (Core.handle)', () => {
  let core: Core;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'lcz-special-ws-'));
    core = new Core({ face: 'browser', version: 'test', workspace: await Workspace.open(root) });
  });
  afterAll(async () => {
    await core.jobs.stopAll();
    rmSync(root, { recursive: true, force: true });
  });

  /** The core still reads files: a real map opens. */
  async function stillServes(): Promise<void> {
    await settleWithin(core.handle('app/info', {}), HANG_MS, 'app/info');
    const map = (await settleWithin(core.handle('maps/open', { path: demoMapPath() }), HANG_MS, 'maps/open of the demo map')) as { width: number };
    expect(map.width).toBeGreaterThan(0);
  }

  for (const key of PATH_KEYS) {
    it(`${key}: ${AT_ONCE} requests at once for each special file are each refused, naming the file and what it is`, async () => {
      const cases = special.inputs.flatMap((input) => Array.from({ length: AT_ONCE }, () => input));
      const errors = await settleWithin(Promise.all(cases.map((input) => refusal(core.handle(key, { path: input.path })))), HANG_MS, key);
      errors.forEach((error, i) => {
        const input = cases[i]!;
        expect(error, `${key} ${input.name}`).toBeInstanceOf(UserError);
        expect(error.message, `${key} ${input.name}`).toContain(input.path);
        expect(error.message, `${key} ${input.name}`).toMatch(input.problem);
      });
      await stillServes();
    });
  }

  it('results/open and runs/get of folders whose summary.json or run.json is a FIFO are refused at once', async () => {
    const result = join(special.dir, 'result');
    const run = join(special.dir, 'run');
    mkdirSync(result);
    mkdirSync(run);
    const summary = special.fifo(join(result, 'summary.json'));
    const runFile = special.fifo(join(run, 'run.json'));
    const errors = await settleWithin(
      Promise.all([
        ...Array.from({ length: AT_ONCE }, () => refusal(core.handle('results/open', { dir: result }))),
        ...Array.from({ length: AT_ONCE }, () => refusal(core.handle('runs/get', { dir: run }))),
      ]),
      HANG_MS,
      'results/open and runs/get',
    );
    for (const error of errors.slice(0, AT_ONCE)) expect(error.message).toMatch(new RegExp(`^${summary}: is a named pipe \\(FIFO\\)`));
    for (const error of errors.slice(AT_ONCE)) expect(error.message).toMatch(new RegExp(`^${runFile}: is a named pipe \\(FIFO\\)`));
    await stillServes();
  });

  it('the workspace lists (bundles, results, runs) skip or report entries whose files are FIFOs, and answer', async () => {
    for (const [folder, file] of [['bundles', 'manifest.json'], ['results', 'summary.json'], ['runs', 'run.json']] as const) {
      mkdirSync(join(root, folder, 'jammed'), { recursive: true });
      special.fifo(join(root, folder, 'jammed', file));
    }
    const [bundles, results, runs] = await settleWithin(
      Promise.all([core.handle('bundles/list', {}), core.handle('results/list', {}), core.handle('runs/list', {})]),
      HANG_MS,
      'the workspace lists',
    );
    const broken = (bundles as { broken: { dir: string; problem: string }[] }).broken;
    expect(broken.map((b) => b.dir)).toContain(join(root, 'bundles', 'jammed'));
    expect(broken.find((b) => b.dir.endsWith('jammed'))?.problem).toMatch(/manifest\.json: is a named pipe \(FIFO\)/);
    expect(results).toEqual([]);
    expect(runs).toEqual([]);
    await stillServes();
  });

  it('a job given a FIFO fails with the reason instead of waiting for ever', async () => {
    const pipe = special.inputs[0]!.path;
    const { jobId } = (await core.handle('jobs/start', { kind: 'export-map', params: { input: pipe, output: join(root, 'exports', 'x.tif') } })) as { jobId: string };
    const record = await settleWithin(core.jobs.wait(jobId), 60_000, 'the export job');
    expect(record.state).toBe('failed');
    if (record.state === 'failed') expect(record.reason).toMatch(new RegExp(`^${pipe}: is a named pipe \\(FIFO\\)`));
  }, 120_000);
});

describe('special files given to the browser-mode server (its own process)', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(() => server.stop());

  it(`answers ${AT_ONCE} concurrent maps/open, rasters/probe and scenes/open of FIFOs, devices and folders with errors, then still serves`, async () => {
    const inputs = special.inputs.filter((i) => ['a FIFO', 'a folder', '/dev/zero (endless zeros)', '/dev/null'].includes(i.name));
    const cases = (['maps/open', 'rasters/probe', 'scenes/open'] as const).flatMap((key) => inputs.flatMap((input) => Array.from({ length: AT_ONCE }, () => ({ key, input }))));
    // socketCall bounds each wait: a request that hangs rejects, and fails the test.
    const replies = await Promise.all(cases.map(({ key, input }, i) => socketCall(server, { id: i, key, input: { path: input.path } })));
    replies.forEach((reply, i) => {
      const { key, input } = cases[i]!;
      expect(reply.ok, `${key} ${input.name}`).toBe(false);
      expect(reply.error?.message, `${key} ${input.name}`).toContain(input.path);
      expect(reply.error?.message, `${key} ${input.name}`).toMatch(input.problem);
    });
    await assertAlive(server);
    const map = await socketCall(server, { id: 'demo', key: 'maps/open', input: { path: demoMapPath() } });
    expect(map.ok, JSON.stringify(map.error)).toBe(true);
  });
});

describe('special files given to the lcz command', () => {
  const lcz = lczCli({ timeoutMs: 60_000 });

  // One command per reader (GeoTIFF, HDF5, ONNX): the others reach the same core functions.
  it('info, so2sat info and import-model refuse a FIFO or /dev/zero with one line naming the file, exit 1', () => {
    const pipe = special.inputs[0]!.path;
    const out = join(special.dir, 'never');
    const runs: [string[], string, RegExp][] = [
      [['info', pipe], pipe, /is a named pipe \(FIFO\)/],
      [['so2sat', 'info', pipe], pipe, /is a named pipe \(FIFO\)/],
      [['import-model', '/dev/zero', '--out', out, '--so2sat'], '/dev/zero', /is a device/],
    ];
    for (const [args, file, problem] of runs) {
      const run = lcz(...args);
      expect(run.error, `lcz ${args.join(' ')} did not end (hung?)`).toBeUndefined();
      expect(run.status, `lcz ${args.join(' ')}: ${run.stderr}`).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^lcz: ${file}: `));
      expect(run.stderr).toMatch(problem);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 180_000);
});
