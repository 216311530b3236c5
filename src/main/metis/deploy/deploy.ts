/**
 * Deploy to Metis, as one library call with steps (steps.ts): check (the card, the SDK, the bundle's compatibility)
 * -> calibration set -> compile -> load on the card -> verify (held-out patches on the card, the CPU and int8) ->
 * benchmark. The result is a deployment folder beside the bundle (deployment-folder.ts), complete or absent. The job
 * kind and the faces wrap this; everything about the card goes through a MetisHost (host.ts), real or simulated.
 */
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { DEPLOYMENT_FILE, DEPLOYMENT_SCHEMA_VERSION, type Benchmark, type CalibrationSource, type DeployStep, type Deployment, type Verification } from '../../../shared/contract/metis';
import { UserError } from '../../../shared/errors';
import { readBundle, type Bundle } from '../../bundles/bundle-io';
import { readModelBytes } from '../../onnx/read-model';
import { checkModel } from '../check/check-model';
import type { MetisHost } from '../host';
import { runnerArgs } from '../sdk/commands';
import { RunnerClient } from '../sdk/runner-client';
import { loadSimulatedModel } from '../simulator/simulated-card';
import { benchmarkStep } from './benchmark-step';
import { checkSampleCount, DEFAULT_CALIBRATION, writeCalibrationSet, writeNpyPatches, type CalibrationSet } from './calibration-set';
import { compileStep } from './compile-step';
import { checkDeploymentTarget, deploymentDirFor, finishDeployment, stagingDir } from './deployment-folder';
import { heldOutPatches, type HeldOutPatches } from './held-out';
import { sampleScenePatches, splitSample } from './scene-patches';
import { StepTracker } from './steps';
import { readyDevice } from './ready-device';
import { verifyStep } from './verify-step';

export interface DeployRequest {
  bundle: string;
  /** A So2Sat LCZ42-format file or a scene to calibrate on. */
  calibration: CalibrationSource;
  /** A So2Sat-format file to verify on; default the calibration data, without the calibration patches. */
  verification?: string;
  /** The bundle's int8 QDQ sibling, compared in the verification (and run by the simulated card). */
  int8Bundle?: string | null;
  /** Index of the device as axdevice lists it; default 0. */
  device?: number;
  /** Default: "<bundle>-metis" beside the bundle. */
  out?: string;
  aipuCores?: 1 | 4;
  samples?: number;
  verifyPatches?: number;
  benchmarkSeconds?: number;
  route?: 'python-api' | 'axcompile';
}

export interface DeployContext {
  host: MetisHost;
  signal?: AbortSignal;
  onSteps?: (steps: readonly DeployStep[]) => void;
  onLog?: (text: string) => void;
}

type Calibration = CalibrationSet & { heldOut: HeldOutPatches | null };

/** The calibration set from a So2Sat file, or from a scene (whose other sampled cells are kept for the verification). */
async function calibrationStep(bundle: Bundle, source: CalibrationSource, dir: string, samples: number, verifyPatches: number, signal?: AbortSignal): Promise<Calibration> {
  if (source.kind === 'so2sat') return { ...(await writeCalibrationSet(bundle, source.path, dir, { samples, signal })), heldOut: null };
  const sample = await sampleScenePatches(bundle, source, samples + verifyPatches, 1, signal);
  const patchLength = bundle.manifest.bands.length * bundle.manifest.input.patchSize ** 2;
  const { calibration, heldOut } = splitSample(sample, samples, patchLength, source.path);
  const count = await writeNpyPatches(bundle, [calibration], dir);
  return { dir, indices: new Uint32Array(0), count, source: `${basename(source.path)} (cells of 100 m with data)`, heldOut };
}

/** Held-out patches: a given So2Sat file, or the calibration data's patches the calibration did not use. */
async function verificationPatches(bundle: Bundle, request: DeployRequest, calibration: Calibration, count: number, signal?: AbortSignal): Promise<{ data: HeldOutPatches; source: string }> {
  const source = request.calibration;
  if (!request.verification && calibration.heldOut) {
    const truth = source.kind === 'scene' && source.truth ? `, labelled by ${basename(source.truth)}` : ', without a true LCZ map (no accuracy, agreement only)';
    return { data: calibration.heldOut, source: `cells of ${basename(source.path)} the calibration did not use${truth}` };
  }
  const file = request.verification ?? source.path;
  const exclude = file === source.path ? calibration.indices : [];
  return { data: await heldOutPatches(bundle, file, count, exclude, signal), source: `${exclude.length ? 'held-out patches' : 'patches'} of ${basename(file)}` };
}

export async function deployToMetis(request: DeployRequest, ctx: DeployContext): Promise<{ dir: string; deployment: Deployment }> {
  const { host, signal } = ctx;
  const simulated = host.simulated;
  const bundle = await readBundle(request.bundle);
  const int8Bundle: Bundle | null = request.int8Bundle ? await readBundle(request.int8Bundle) : null;
  const dir = resolve(request.out ?? deploymentDirFor(bundle.dir));
  const samples = request.samples ?? DEFAULT_CALIBRATION;
  checkSampleCount(samples);
  await checkDeploymentTarget(dir);
  const steps = new StepTracker(simulated, ctx.onSteps);
  const staging = await stagingDir(dir);
  let runner: RunnerClient | null = null;
  try {
    const { device, location, sdkVersion } = await steps.run('check', signal, async () => {
      const { device: chosen, location: sdk, status, warnings } = await readyDevice(host, request.device ?? 0);
      const compatibility = checkModel(await readModelBytes(bundle.modelPath), bundle.manifest, bundle.modelPath);
      await writeFile(join(staging, 'compatibility.json'), `${JSON.stringify(compatibility, null, 2)}\n`);
      if (compatibility.verdict === 'incompatible') {
        throw new UserError(`the model cannot go on the card as it is: ${compatibility.issues.filter((i) => i.severity === 'blocker').map((i) => `${i.node ? `${i.node}: ` : ''}${i.message} (${i.remedy})`).join('; ')}`, bundle.modelPath);
      }
      return {
        value: { device: chosen, location: sdk, sdkVersion: status.sdk.version },
        message: `${chosen.model} at ${chosen.pciAddress}, firmware ${chosen.firmware ?? 'unknown'}; the model is ${compatibility.verdict === 'fixable' ? `ready after LCZ Studio's fixes (${compatibility.fixes.join(', ')})` : compatibility.verdict}${compatibility.host.postamble.length ? `, ${compatibility.host.postamble.length} operator(s) after the card on the host` : ''}${warnings.length ? `; ${warnings.join('; ')}` : ''}`,
      };
    });

    const verifyPatches = request.verifyPatches ?? 500;
    const calibration = await steps.run('calibration', signal, async () => {
      const set = await calibrationStep(bundle, request.calibration, join(staging, 'calibration'), samples, verifyPatches, signal);
      return { value: set, message: `${set.count} patches from ${set.source}, normalised as the bundle says, as .npy (NHWC float32)` };
    });

    const compiled = await steps.run('compile', signal, async () => {
      const result = await compileStep({ host, location, bundle, calibrationDir: calibration.dir, outDir: join(staging, 'compiled'), workDir: staging, route: request.route, aipuCores: request.aipuCores, int8Model: int8Bundle?.modelPath ?? null, onLog: ctx.onLog, signal });
      return { value: result, message: `compiled with ${result.route === 'python-api' ? "the SDK's Python API" : 'axcompile'} (LCZ Studio's fixes: ${result.fixes.join(', ') || 'none'})` };
    });

    const deviceIndex = request.device ?? 0;
    const aipuCores = request.aipuCores ?? 1;
    runner = await steps.run('load', signal, async () => {
      const command = await host.runner(location);
      const client = await RunnerClient.start({
        command,
        args: runnerArgs({ model: compiled.compiled.model, device: deviceIndex, aipuCores }),
        env: host.toolEnv(location),
        layout: bundle.manifest.input.layout,
        expect: { height: bundle.manifest.input.patchSize, width: bundle.manifest.input.patchSize, channels: bundle.manifest.bands.length },
        postamble: compiled.compiled.postamble,
        outputName: bundle.manifest.output.name,
      });
      return { value: client, message: `loaded on ${device.pciAddress} (${client.hello.outputs.length} output(s)${compiled.compiled.postamble ? ', postamble on the host' : ''})` };
    });

    const verification: Verification = await steps.run('verify', signal, async () => {
      const { data, source } = await verificationPatches(bundle, request, calibration, verifyPatches, signal);
      const simulatedModel = simulated && compiled.compiled.kind === 'model-json' ? (await loadSimulatedModel(compiled.compiled.model)).runs : null;
      const v = await verifyStep({ bundle, int8Bundle, runner: runner!, data, source, simulatedModel: simulatedModel === 'float model' ? 'float model: no int8 bundle was given' : simulatedModel, simulated, signal });
      await writeFile(join(staging, 'verification.json'), `${JSON.stringify(v, null, 2)}\n`);
      const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);
      return { value: v, message: `${v.patches} patches: OA CPU ${pct(v.accuracy.cpu)}, int8 ${pct(v.accuracy.int8)}, card ${pct(v.accuracy.device)}; agreement with the CPU ${pct(v.agreementWithCpu)}` };
    });
    await runner.close();
    runner = null;

    const benchmark: Benchmark = await steps.run('benchmark', signal, async () => {
      const b = await benchmarkStep({ host, location, model: compiled.compiled.model, device: deviceIndex, seconds: request.benchmarkSeconds, aipuCores, onLog: ctx.onLog, signal });
      await writeFile(join(staging, 'benchmark.json'), `${JSON.stringify(b, null, 2)}\n`);
      const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(0));
      return { value: b, message: `FPS device ${f(b.fps.device)}, host ${f(b.fps.host)}, system ${f(b.fps.system)}; power: ${b.powerW ?? b.powerNote}` };
    });

    const deployment: Deployment = {
      schemaVersion: DEPLOYMENT_SCHEMA_VERSION,
      createdAt: new Date().toISOString(),
      bundle: { dir: bundle.dir, name: bundle.manifest.name, modelSha256: createHash('sha256').update(await readModelBytes(bundle.modelPath)).digest('hex') },
      int8Bundle: int8Bundle ? { dir: int8Bundle.dir, name: int8Bundle.manifest.name } : null,
      sdk: { version: sdkVersion, path: location.root },
      device: { pciAddress: device.pciAddress, name: device.board?.name ?? null, boardType: device.board?.boardType ?? null, firmware: device.firmware },
      compile: { route: compiled.route, model: relative(staging, compiled.compiled.model).split('\\').join('/'), status: 'SUCCEEDED', calibrationSamples: calibration.count },
      verification,
      benchmark,
      steps: steps.steps,
      simulated,
    };
    await writeFile(join(staging, DEPLOYMENT_FILE), `${JSON.stringify(deployment, null, 2)}\n`);
    await rm(join(staging, 'calibration'), { recursive: true, force: true });
    await finishDeployment(staging, dir);
    return { dir, deployment };
  } catch (error) {
    await runner?.close().catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
