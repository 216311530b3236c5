// `lcz metis ...` as a user's shell runs it, against the Metis simulator (LCZ_METIS_SIMULATOR=1, a scenario per run)
// and against this machine as it is (no card): the --json shapes the issue gives, and each failure in one clear line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import type { Deployment, ResultSummary } from '../../src/shared/contract';
import { writeSyntheticSo2Sat } from '../../src/main/so2sat/synth/synthetic-dataset';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { lczCli } from '../helpers/lcz-cli';
import { tempFolder } from '../fixtures/onnx-models';

const temp = tempFolder('lcz-cli-metis-');
afterAll(temp.cleanup);
const workspace = join(temp.dir, 'workspace');
const bundle = join(temp.dir, 'bundles', 'demo');
const h5 = join(temp.dir, 'synthetic.h5');
let scene = '';

/** `lcz` with the simulator on in a scenario (or off: null), as `LCZ_METIS_SIMULATOR=1 LCZ_METIS_SCENARIO=... lcz ...`. */
function lcz(scenario: string | null, input?: string): (...args: string[]) => SpawnSyncReturns<string> {
  return (...args) => {
    const saved = { sim: process.env.LCZ_METIS_SIMULATOR, scenario: process.env.LCZ_METIS_SCENARIO };
    if (scenario === null) delete process.env.LCZ_METIS_SIMULATOR;
    else process.env.LCZ_METIS_SIMULATOR = '1';
    if (scenario) process.env.LCZ_METIS_SCENARIO = scenario;
    else delete process.env.LCZ_METIS_SCENARIO;
    try {
      return lczCli({ workspace, timeoutMs: 240_000, input: input ?? '' })(...args);
    } finally {
      for (const [key, value] of [['LCZ_METIS_SIMULATOR', saved.sim], ['LCZ_METIS_SCENARIO', saved.scenario]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  };
}

/** The lines of stderr that are lcz's own messages (the progress lines of a job are not). */
const said = (r: SpawnSyncReturns<string>) => r.stderr.split('\n').filter((l) => l.startsWith('lcz: '));

beforeAll(async () => {
  mkdirSync(workspace, { recursive: true });
  cpSync('resources/demo/bundle', bundle, { recursive: true });
  await writeSyntheticSo2Sat(h5, { patches: 400, seed: 9 });
  ({ scenePath: scene } = await writeDemoScene(join(temp.dir, 'demo'), { size: 30, seed: 4 }));
}, 120_000);

describe('lcz metis devices', () => {
  it('--json gives the devices, the SDK and the problems in the documented shape, all simulated', () => {
    const r = lcz('ok')('metis', 'devices', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { devices: Record<string, unknown>[]; sdk: Record<string, unknown>; problems: unknown[]; simulated: boolean };
    expect(Object.keys(out)).toEqual(['devices', 'sdk', 'problems', 'simulated']);
    expect(out.devices).toHaveLength(7);
    expect(Object.keys(out.devices[0]!)).toEqual(['pciAddress', 'model', 'driver', 'deviceNode', 'accessible', 'firmware', 'simulated']);
    expect(out.devices[0]).toMatchObject({ pciAddress: '0000:01:00.0', model: 'Axelera Metis AIPU', driver: 'axl', accessible: true, firmware: '1.3.2', simulated: true });
    expect(out.devices[0]!.deviceNode).toMatch(/\/dev\/metis-0-1-0$/);
    expect(Object.keys(out.sdk)).toEqual(['found', 'version', 'path']);
    expect(out.sdk).toMatchObject({ found: true, version: '1.3.2' });
    expect(out).toMatchObject({ problems: [], simulated: true });
  });

  it('says it is simulated in words too', () => {
    const r = lcz('ok')('metis', 'devices');
    expect(r.stdout.split('\n')[0]).toBe('SIMULATED (LCZ_METIS_SIMULATOR=1): no Metis card or Voyager SDK was used');
    expect(r.stdout).toMatch(/0000:3a:00\.0 {2}Axelera Metis AIPU \(pcie\), behind a USB4\/Thunderbolt link/);
  });

  it('on this machine (no card, simulator off) says that no card was found and what to do, and fails', () => {
    const r = lcz(null)('metis', 'devices', '--json');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { devices: unknown[]; problems: { code: string; remedy: string; simulated: boolean }[]; simulated: boolean };
    expect(out.devices).toEqual([]);
    expect(out.simulated).toBe(false);
    const noCard = out.problems.find((p) => p.code === 'no-card')!;
    expect(noCard.simulated).toBe(false);
    expect(noCard.remedy).toMatch(/^fit the card .*LCZ_METIS_SIMULATOR=1/);
  });

  it('in the simulated no-device and permission-denied scenarios, one problem line each, saying simulated', () => {
    const none = lcz('no-device')('metis', 'devices');
    expect(none.status).toBe(1);
    expect(none.stdout).toMatch(/^problem: \(simulated\) no Axelera Metis card on the PCI bus \(2 PCI devices looked at, none with vendor 0x1f9d\); what to do: fit the card/m);
    const denied = lcz('permission-denied')('metis', 'devices');
    expect(denied.status).toBe(1);
    const lines = denied.stdout.split('\n').filter((l) => l.startsWith('problem: '));
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(/^problem: \(simulated\) cannot open the card at 0000:01:00\.0: .*; what to do: add yourself to the axelera group: `sudo usermod -aG axelera \$USER`, then log out and in again$/);
  });
});

describe('lcz metis check', () => {
  it('--json is the compatibility report; the words list what runs where', () => {
    const json = lcz('ok')('metis', 'check', '--bundle', bundle, '--json');
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as { verdict: string; fixes: string[]; host: { postamble: string[] } };
    expect(report.verdict).toBe('fixable');
    expect(report.fixes).toContain('input-shape');
    const words = lcz('ok')('metis', 'check', '--bundle', bundle);
    expect(words.stdout).toMatch(/: fixable \(LCZ Studio applies: .*input-shape/);
    expect(words.stdout).toMatch(/^On the AIPU: .*Conv x\d+/m);
  });

  it('refuses a folder that is not a bundle in one line', () => {
    const r = lcz('ok')('metis', 'check', '--bundle', temp.dir);
    expect(r.status).toBe(1);
    expect(said(r)).toEqual([`lcz: ${temp.dir}: this folder is not a model bundle: it has no manifest.json`]);
  });
});

describe('lcz metis deploy, benchmark, and lcz map --device metis', () => {
  // Beside the bundle: where a deployment of a bundle of the user's goes by default.
  const out = join(temp.dir, 'bundles', 'demo-metis');

  it('--json gives the steps, the accuracy on the CPU, int8 and the card, the FPS, and simulated', { timeout: 300_000 }, () => {
    const r = lcz('ok')('metis', 'deploy', '--bundle', bundle, '--calibration', h5, '--benchmark-seconds', '1', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as { deployment: string; steps: { id: string; status: string }[]; accuracy: Record<string, number | null>; fps: Record<string, number | null>; simulated: boolean };
    expect(json.deployment).toBe(out);
    expect(json.steps.map((s) => [s.id, s.status])).toEqual(['check', 'calibration', 'compile', 'load', 'verify', 'benchmark'].map((id) => [id, 'succeeded']));
    expect(Object.keys(json.accuracy)).toEqual(['cpu', 'int8', 'device']);
    expect(json.accuracy.cpu).toBeGreaterThan(0.5);
    expect(json.accuracy.int8).toBeNull(); // no int8 bundle beside this one
    expect(Object.keys(json.fps)).toEqual(['device', 'host', 'system']);
    expect(json.fps.device).toBeGreaterThan(0);
    expect(json.simulated).toBe(true);
    const saved = JSON.parse(readFileSync(join(out, 'deployment.json'), 'utf8')) as Deployment;
    expect(saved.verification!.accuracy).toEqual(json.accuracy);
  });

  it('benchmarks the deployment again, and refuses it with the simulator off', { timeout: 120_000 }, () => {
    const r = lcz('ok')('metis', 'benchmark', '--deployment', out, '--seconds', '1', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ simulated: true, powerW: null, aipuCores: 1 });
    const off = lcz(null)('metis', 'benchmark', '--deployment', out);
    expect(off.status).toBe(1);
    expect(said(off)).toEqual([`lcz: ${out}: was made on the Metis simulator, and the simulator is off: a simulated deployment runs only on the simulated card; turn the simulator on (LCZ_METIS_SIMULATOR=1) or deploy the bundle on a real card`]);
  });

  it('maps a scene on the (simulated) card with the deployment of the bundle, and says so', { timeout: 300_000 }, () => {
    const result = join(temp.dir, 'results', 'card');
    const r = lcz('ok')('map', '--scene', scene, '--model', bundle, '--device', 'metis', '--out', result);
    expect(r.status).toBe(0);
    expect(said(r).at(-1)).toMatch(/^lcz: mapped 900 cells in .* on the Axelera Metis card at 0000:01:00\.0 \(pcie\) \(SIMULATED: no card was used; .*\), OA /);
    const summary = JSON.parse(readFileSync(join(result, 'summary.json'), 'utf8')) as ResultSummary;
    expect(summary.device).toMatchObject({ deployment: out, simulated: true });
  });

  it('refuses --device metis for a model without a deployment, in one line', () => {
    const other = join(temp.dir, 'bundles', 'copy');
    cpSync(bundle, other, { recursive: true });
    const r = lcz('ok')('map', '--scene', scene, '--model', other, '--device', 'metis', '--out', join(temp.dir, 'results', 'none'));
    expect(r.status).toBe(1);
    expect(said(r)).toEqual([expect.stringMatching(new RegExp(`^lcz: ${other}: has no Metis deployment: deploy it first \\(lcz metis deploy --bundle ${other} --calibration \\.\\.\\.\\), or give --deployment$`))]);
  });
});

describe('lcz metis deploy failures: one clear line, no deployment folder', () => {
  const cases: [string, RegExp][] = [
    ['no-device', /^lcz: \(simulated\) no Axelera Metis card on the PCI bus .*: fit the card/],
    ['permission-denied', /^lcz: \(simulated\) cannot open the card at 0000:01:00\.0: .*: add yourself to the axelera group/],
    ['device-in-use', /^lcz: \(simulated\) the card could not run the model: the card is in use by another program \(.*AXR_ERROR_DEVICE_IN_USE.*\); close the other program using the card/],
    ['compile-failure:QTOOLS_ERROR', /^lcz: \(simulated\) the compile failed at QTOOLS_ERROR: the quantisation tools failed .*; check the calibration patches/],
  ];
  for (const [scenario, line] of cases) {
    it(scenario, { timeout: 240_000 }, () => {
      const parent = join(temp.dir, 'failed', scenario.replace(':', '-'));
      mkdirSync(parent, { recursive: true });
      const r = lcz(scenario)('metis', 'deploy', '--bundle', bundle, '--calibration', h5, '--out', join(parent, 'demo-metis'), '--benchmark-seconds', '1');
      expect(r.status).toBe(1);
      const lines = said(r);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(line);
      expect(readdirSync(parent)).toEqual([]);
    });
  }

  it('--json says the failed step and the error, simulated', { timeout: 240_000 }, () => {
    const parent = join(temp.dir, 'failed', 'json');
    const r = lcz('compile-failure:TVM_FRONTEND_ERROR')('metis', 'deploy', '--bundle', bundle, '--calibration', h5, '--out', join(parent, 'demo-metis'), '--json');
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as { deployment: null; steps: { id: string; status: string }[]; error: string; simulated: boolean };
    expect(json.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'failed', 'pending', 'pending', 'pending']);
    expect(json).toMatchObject({ deployment: null, simulated: true, error: expect.stringMatching(/TVM_FRONTEND_ERROR/) });
    expect(existsSync(join(parent, 'demo-metis'))).toBe(false);
  });

  it('refuses a calibration file that is neither So2Sat data nor a scene, and one with too few patches', () => {
    const bad = lcz('ok')('metis', 'deploy', '--bundle', bundle, '--calibration', join(temp.dir, 'notes.txt'));
    expect(said(bad)).toEqual([`lcz: ${join(temp.dir, 'notes.txt')}: --calibration takes a So2Sat LCZ42-format HDF5 file (.h5) or a multispectral scene (.tif)`]);
    const few = join(temp.dir, 'few.h5');
    return writeSyntheticSo2Sat(few, { patches: 50, seed: 1 }).then(() => {
      const r = lcz('ok')('metis', 'deploy', '--bundle', bundle, '--calibration', few, '--out', join(temp.dir, 'failed', 'few', 'x'));
      expect(said(r)).toEqual([`lcz: ${few}: (simulated) holds 50 patches; the Metis compiler calibrates on 100-400: use a file with at least 100`]);
    });
  }, 120_000);
});

describe('lcz metis firmware', () => {
  it('shows the versions, and advises an update when the firmware is older than the SDK', () => {
    const r = lcz('firmware-mismatch')('metis', 'firmware', '--json');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as { devices: { firmware: string }[]; sdk: string; problems: { code: string }[]; simulated: boolean };
    expect(json.devices[0]!.firmware).toBe('v1.0.0-a6-15-g9d681b7bcfe9');
    expect(json.sdk).toBe('1.3.2');
    expect(json.problems.map((p) => p.code)).toContain('firmware-update');
    expect(json.simulated).toBe(true);
    const ok = lcz('ok')('metis', 'firmware');
    expect(ok.stdout).toMatch(/No firmware update is needed\. An update is never made unless asked for/);
  });

  it('updates only after both answers, streaming the tool, and does nothing otherwise', { timeout: 120_000 }, () => {
    const refused = lcz('ok', 'update\nno\n')('metis', 'firmware', '--update');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Stage 2 \(the board controller\) cannot be recovered if it is interrupted/);
    expect(said(refused)).toEqual(['lcz: the firmware update was not confirmed; nothing was done']);
    expect(said(lcz('ok', '')('metis', 'firmware', '--update'))).toEqual(['lcz: the firmware update was not confirmed; nothing was done']);
    const done = lcz('ok', 'update\nkeep powered\n')('metis', 'firmware', '--update', '--device', '1');
    expect(done.stderr).toMatch(/The machine must not lose power/);
    expect(done.status).toBe(0);
    expect(done.stdout).toMatch(/\$ .*axdevice -d 1 interactive_flash_update/);
    expect(done.stdout).toMatch(/\(simulated\) Stage 2 of 2: board controller/);
    expect(done.stdout).toMatch(/\(simulated\) flash success/);
    expect(done.stdout).toMatch(/The update finished \(simulated: no card was flashed\)/);
  });
});
