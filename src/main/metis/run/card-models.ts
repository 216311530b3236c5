/**
 * Mapping on the card: the mapping engine's model (mapping/batch-runner.ts's PatchClassifier) as a deployment's
 * compiled model run through the runtime helper (sdk/runner-client.ts), on the card the deployment was made for, or
 * on the simulated card when it was made on the simulator (host.ts: never switched silently). The helper returns
 * the model's scores; the bundle's temperature turns them into probabilities as on the CPU
 * (onnx/classifier-session.ts calibrate), so a mapping on the card writes the same outputs as one on the CPU.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { MappingDevice, ResultDevice } from '../../../shared/contract/metis';
import { UserError } from '../../../shared/errors';
import type { Bundle } from '../../bundles/bundle-io';
import type { PatchClassifier } from '../../mapping/batch-runner';
import type { LentRun } from '../../onnx/classifier-worker';
import { calibrate } from '../../onnx/classifier-session';
import { readModelBytes } from '../../onnx/read-model';
import { readDeployment } from '../deploy/deployment-folder';
import { readyDevice } from '../deploy/ready-device';
import { openHostForDeployment, type MetisHost } from '../host';
import { runnerArgs } from '../sdk/commands';
import { locateCompiledModel } from '../sdk/compile-report';
import { RunnerClient } from '../sdk/runner-client';

/** The compiler's output folder in a deployment (deploy/deploy.ts writes it so). */
const COMPILED = 'compiled';

class CardClassifier implements PatchClassifier {
  constructor(
    private readonly runner: RunnerClient,
    private readonly bundle: Bundle,
  ) {}

  async lend(batch: Float32Array, n: number): Promise<LentRun> {
    const { manifest } = this.bundle;
    const k = manifest.classes.length;
    const scores = await this.runner.run(batch, n);
    if (scores.length !== n * k) throw new UserError(`the card returned ${scores.length / Math.max(n, 1)} values per patch, the bundle has ${k} classes: this deployment is of another model; deploy the bundle again`, this.bundle.modelPath);
    const probabilities = new Float32Array(n * k);
    calibrate(scores, k, manifest.output.kind, manifest.temperature, probabilities);
    return { probabilities, batch };
  }
}

export interface CardModels {
  load(bundle: Bundle): Promise<PatchClassifier>;
  device: ResultDevice;
  engine: string;
  dispose(): Promise<void>;
}

/** Opens the card for a mapping with `bundles` (one: a deployment is of one model). */
export async function openCardModels(choice: MappingDevice, bundles: readonly Bundle[]): Promise<CardModels> {
  if (bundles.length !== 1) throw new UserError(`a mapping on the Metis card runs one model; ${bundles.length} were chosen (an ensemble runs on the CPU)`);
  const bundle = bundles[0]!;
  const deployment = await readDeployment(choice.deployment);
  const sha = createHash('sha256').update(await readModelBytes(bundle.modelPath)).digest('hex');
  if (deployment.bundle.modelSha256 !== sha) {
    throw new UserError(`is a deployment of "${deployment.bundle.name}" (another model than "${bundle.manifest.name}", or the bundle changed since): deploy "${bundle.manifest.name}" to the card first`, choice.deployment);
  }
  const host: MetisHost = await openHostForDeployment(deployment, choice.deployment);
  let runner: RunnerClient | null = null;
  try {
    const { device, location } = await readyDevice(host, choice.index);
    const compiled = await locateCompiledModel(join(choice.deployment, COMPILED));
    if (!compiled) throw new UserError('holds no compiled model: deploy the bundle again', choice.deployment);
    const { input, bands, output } = bundle.manifest;
    runner = await RunnerClient.start({
      command: await host.runner(location),
      args: runnerArgs({ model: compiled.model, device: choice.index, aipuCores: 1 }),
      env: host.toolEnv(location),
      layout: input.layout,
      expect: { height: input.patchSize, width: input.patchSize, channels: bands.length },
      postamble: compiled.postamble,
      outputName: output.name,
    });
    const simulated = host.simulated;
    const where = `the Axelera Metis card at ${device.pciAddress}${device.board?.boardType ? ` (${device.board.boardType})` : ''}`;
    const ran = deployment.verification?.simulatedModel?.startsWith('int8') ? 'the int8 QDQ model' : 'the float model through int8 input and output';
    const description = simulated ? `${where} (SIMULATED: no card was used; ONNX Runtime ran ${ran} in its place)` : where;
    const classifier = new CardClassifier(runner, bundle);
    const open = runner;
    return {
      load: async (b) => {
        if (b.dir !== bundle.dir) throw new Error('the card holds one model');
        return classifier;
      },
      device: { kind: 'metis', deployment: choice.deployment, pciAddress: device.pciAddress, boardType: device.board?.boardType ?? null, firmware: device.firmware, description, simulated },
      engine: `the Metis runtime helper on ${where}${simulated ? ' (SIMULATED)' : ''}`,
      dispose: async () => {
        await open.close().catch(() => undefined);
        await host.close();
      },
    };
  } catch (error) {
    await runner?.close().catch(() => undefined);
    await host.close();
    throw error;
  }
}
