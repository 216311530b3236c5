import { createInterface } from 'node:readline/promises';
import { extname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { CalibrationSource } from '../../shared/contract';
import { UserError } from '../../shared/errors';
import { resolveOutputPath } from '../../main/files/output-location';
import { request } from '../cli-core';
import { wholeNumber } from '../whole-number';
import { benchmarkLines, checkText, deployJson, deploymentText, devicesJson, devicesText, problemLine, SIMULATED_NOTE, stepsText } from './metis-format';
import { runMetisJob } from './metis-job';

const SO2SAT_EXTENSIONS = new Set(['.h5', '.hdf5', '.he5']);
const SCENE_EXTENSIONS = new Set(['.tif', '.tiff']);
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

/** --calibration as the job takes it: a So2Sat file, or a scene read as `lcz map` reads it (its saved or file band mapping). */
async function calibrationSource(path: string, truth: string | undefined): Promise<CalibrationSource> {
  const file = resolve(path);
  const ext = extname(file).toLowerCase();
  if (SO2SAT_EXTENSIONS.has(ext)) return { kind: 'so2sat', path: file };
  if (!SCENE_EXTENSIONS.has(ext)) throw new UserError('--calibration takes a So2Sat LCZ42-format HDF5 file (.h5) or a multispectral scene (.tif)', file);
  const resolved = await request('scenes/settings', { path: file, overrides: {} });
  if (resolved.bandsOrigin === 'guessed') process.stderr.write(`lcz: the band mapping of ${file} is a guess (${resolved.settings.bands.map((b) => b ?? '-').join(',')}); map it once in the app, or with lcz map --bands, to set it\n`);
  const named = resolved.truth?.exists ? resolved.truth.path : null;
  return { kind: 'scene', path: resolved.path, settings: resolved.settings, truth: truth ? resolve(truth) : named };
}

/** Two explicit answers on stdin, or nothing is done (a closed stdin answers nothing). */
async function confirmUpdate(device: number): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const answers: string[] = [];
  let closed = false;
  let wake: (() => void) | null = null;
  rl.on('line', (line) => {
    answers.push(line.trim());
    wake?.();
  });
  rl.on('close', () => {
    closed = true;
    wake?.();
  });
  const ask = async (question: string) => {
    process.stderr.write(question);
    while (answers.length === 0 && !closed) await new Promise<void>((resolve) => (wake = resolve));
    return answers.shift() ?? '';
  };
  try {
    const first = await ask(`Updating the firmware of Metis device ${device}.\nStage 2 (the board controller) cannot be recovered if it is interrupted: the card can be lost.\nType "update" to go on: `);
    if (first !== 'update') return false;
    const second = await ask('\nThe machine must not lose power or be switched off until the update has finished.\nType "keep powered" to confirm and start: ');
    return second === 'keep powered';
  } finally {
    process.stderr.write('\n');
    rl.close();
  }
}

export function registerMetis(program: Command): void {
  const metis = program.command('metis').description('deploy models onto an Axelera Metis card: devices, compatibility, deploy, benchmark, firmware (the simulator: LCZ_METIS_SIMULATOR=1)');

  metis
    .command('devices')
    .description('the Metis cards on this machine, their driver, /dev node, permission and firmware, the Voyager SDK, and what is missing with what to do')
    .option('--json', 'one JSON object: {"devices": [{"pciAddress", "model", "driver", "deviceNode", "accessible", "firmware", "simulated"}], "sdk": {"found", "version", "path"}, "problems": [...], "simulated"}')
    .action(async (options: { json?: boolean }) => {
      const status = await request('metis/status', {});
      if (options.json) print(devicesJson(status));
      else process.stdout.write(devicesText(status));
      // Exit status 1 when no device can be used, so that scripts can tell.
      if (!status.devices.some((d) => d.accessible) || status.problems.some((p) => p.severity === 'blocker' && p.pciAddress === null)) process.exitCode = 1;
    });

  metis
    .command('check')
    .description("whether a bundle's model can go on the card: static shape, batch 1, opset 14-17, every operator against the AIPU rules, what runs on the host")
    .requiredOption('--bundle <bundle>', 'a model bundle folder')
    .option('--json', 'the whole compatibility report as one JSON object')
    .action(async (options: { bundle: string; json?: boolean }) => {
      const report = await request('metis/check', { bundle: resolve(options.bundle) });
      if (options.json) print(report);
      else process.stdout.write(checkText(report));
      if (report.verdict === 'incompatible') process.exitCode = 1;
    });

  metis
    .command('deploy')
    .description('compile a bundle for the card, load it, verify it against the CPU (and its int8 model) and benchmark it; the deployment is a folder')
    .requiredOption('--bundle <bundle>', 'the model bundle (an int8 bundle is deployed through its float parent, and compared with)')
    .requiredOption('--calibration <file.h5|scene.tif>', 'So2Sat LCZ42-format data, or a scene, to calibrate and verify on')
    .option('--truth <lcz.tif>', 'with a scene: its true LCZ map, to measure accuracy (the synthetic demo scene names its own)')
    .option('--device <n>', 'the device, as `lcz metis devices` numbers them', wholeNumber, 0)
    .option('--out <dir>', 'the deployment folder (default: beside the bundle, or in the workspace for its own bundles)')
    .option('--samples <n>', 'calibration patches, 100-400', wholeNumber, 200)
    .option('--benchmark-seconds <s>', 'how long axrunmodel measures', wholeNumber, 10)
    .addOption(new Option('--aipu-cores <n>', 'AIPU cores per run: 1 (lowest latency) or 4 (a batch of 4)').choices(['1', '4']).default('1'))
    .option('--json', 'one JSON object: {"deployment", "steps": [{"id", "status", "message"}], "accuracy": {"cpu", "int8", "device"}, "fps": {"device", "host", "system"}, "latencyMs", "simulated"}')
    .action(async (options: { bundle: string; calibration: string; truth?: string; device: number; out?: string; samples: number; benchmarkSeconds: number; aipuCores: '1' | '4'; json?: boolean }) => {
      const plan = await request('metis/plan', { bundle: resolve(options.bundle) });
      if (plan.note && !options.json) process.stderr.write(`lcz: ${plan.note}\n`);
      const out = options.out ? resolveOutputPath(options.out, '--out') : plan.out;
      const calibration = await calibrationSource(options.calibration, options.truth);
      const record = await runMetisJob(
        {
          kind: 'metis-deploy',
          params: { bundle: plan.bundle, int8Bundle: plan.int8Bundle, calibration, device: options.device, out, samples: options.samples, benchmarkSeconds: options.benchmarkSeconds, aipuCores: options.aipuCores === '4' ? 4 : 1, log: plan.log },
        },
        { progress: !options.json, cancellable: true },
      );
      const log = await request('metis/log', { file: plan.log }).catch(() => null);
      if (record.state === 'succeeded') {
        const { deployment } = await request('metis/deployment', { dir: out });
        if (options.json) print(deployJson(out, deployment.steps, deployment, null, deployment.simulated));
        else process.stdout.write(deploymentText(out, deployment));
        return;
      }
      const reason = record.state === 'failed' ? record.reason : 'the deployment was cancelled; nothing was written';
      if (options.json) print(deployJson(null, log?.steps ?? [], null, reason, log?.simulated ?? false));
      else if (log?.steps.length) process.stderr.write(`${stepsText(log.steps)}\n`);
      if (record.state === 'cancelled') {
        process.stderr.write(`lcz: ${reason}\n`);
        process.exit(130);
      }
      throw new UserError(reason);
    });

  metis
    .command('benchmark')
    .description('measure a deployment on the card again with axrunmodel: device, host and system FPS, latency, power where the card reports it')
    .requiredOption('--deployment <dir>', 'a deployment folder (deployment.json)')
    .option('--device <n>', 'the device', wholeNumber, 0)
    .option('--seconds <s>', 'how long axrunmodel measures', wholeNumber, 10)
    .option('--json', 'the benchmark as one JSON object: {"fps": {"device", "host", "system"}, "latencyMs", "powerW", "powerNote", "simulated", ...}')
    .action(async (options: { deployment: string; device: number; seconds: number; json?: boolean }) => {
      const dir = resolve(options.deployment);
      const record = await runMetisJob({ kind: 'metis-benchmark', params: { deployment: dir, device: options.device, seconds: options.seconds } }, { progress: !options.json, cancellable: true });
      if (record.state === 'failed') throw new UserError(record.reason);
      if (record.state === 'cancelled') {
        process.stderr.write('lcz: the benchmark was cancelled; the deployment is unchanged\n');
        process.exit(130);
      }
      const { deployment } = await request('metis/deployment', { dir });
      const benchmark = deployment.benchmark!;
      if (options.json) print(benchmark);
      else process.stdout.write(`${[...(benchmark.simulated ? [SIMULATED_NOTE] : []), ...benchmarkLines(benchmark)].join('\n')}\n`);
    });

  metis
    .command('firmware')
    .description('the firmware of the cards and what the SDK expects; --update flashes one card, only after two confirmations (stage 2 cannot be recovered if interrupted)')
    .option('--update', 'update the firmware of --device with `axdevice interactive_flash_update`, streaming its output (asks twice on stdin)')
    .option('--device <n>', 'the device', wholeNumber, 0)
    .option('--json', 'the versions as one JSON object: {"devices": [{"pciAddress", "firmware", "boardController", "boardType"}], "sdk", "driver", "problems", "simulated"}')
    .action(async (options: { update?: boolean; device: number; json?: boolean }) => {
      const status = await request('metis/status', {});
      const firmwareProblems = status.problems.filter((p) => p.code === 'firmware-update' || p.code === 'broken-flash');
      if (!options.update) {
        const devices = status.devices.map((d) => ({ pciAddress: d.pciAddress, index: d.board?.index ?? null, firmware: d.firmware, boardController: d.board?.boardController ?? null, boardType: d.board?.boardType ?? null, simulated: d.simulated }));
        if (options.json) {
          print({ devices, sdk: status.sdk.version, driver: status.sdk.driverVersion, problems: firmwareProblems, simulated: status.simulated });
          return;
        }
        const lines = status.simulated ? [SIMULATED_NOTE] : [];
        for (const d of devices) lines.push(`${String(d.index ?? '-').padStart(2)}  ${d.pciAddress}  firmware ${d.firmware ?? 'unknown'}${d.boardController ? `, board controller ${d.boardController}` : ''}${d.boardType ? ` (${d.boardType})` : ''}`);
        lines.push(`SDK ${status.sdk.version ?? 'not found'}, driver ${status.sdk.driverVersion ?? 'unknown'}`);
        lines.push(...(firmwareProblems.length ? firmwareProblems.map(problemLine) : ['No firmware update is needed. An update is never made unless asked for: lcz metis firmware --update --device N']));
        process.stdout.write(`${lines.join('\n')}\n`);
        return;
      }
      if (!(await confirmUpdate(options.device))) throw new UserError('the firmware update was not confirmed; nothing was done');
      const { file } = await request('metis/new-log', {});
      const record = await runMetisJob(
        { kind: 'metis-firmware-update', params: { device: options.device, confirmations: { stage2CannotBeRecovered: true, keepPowered: true }, log: file } },
        { progress: false, stream: file, cancellable: false },
      );
      if (record.state === 'failed') throw new UserError(record.reason);
      if (record.state === 'cancelled') throw new UserError('the firmware update job was stopped; the vendor tool may still be running: keep the machine powered and check the card with axdevice');
    });
}
