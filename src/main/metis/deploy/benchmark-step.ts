/**
 * Measures a deployment with `axrunmodel model.json -d N --seconds S --aipu-cores K` (metis.md): device, host and
 * system FPS, latency percentiles where the SDK prints them, power only where the card reports it (the 4-AIPU card;
 * a single card cannot, and the report says so rather than showing zero).
 */
import type { Benchmark } from '../../../shared/contract/metis';
import { UserError } from '../../../shared/errors';
import type { MetisHost } from '../host';
import { parseAxrunmodel } from '../sdk/axrunmodel-parse';
import { axrunmodelArgs } from '../sdk/commands';
import type { SdkLocation } from '../sdk/locate-sdk';
import { runTool } from '../sdk/run-tool';
import { explainRuntimeError } from '../sdk/runtime-errors';

export interface BenchmarkRequest {
  host: MetisHost;
  location: SdkLocation;
  model: string;
  device: number;
  seconds?: number;
  aipuCores?: number;
  onLog?: (text: string) => void;
  signal?: AbortSignal;
}

export async function benchmarkStep(r: BenchmarkRequest): Promise<Benchmark> {
  const tool = r.location.tools.axrunmodel;
  if (!tool) throw new UserError('axrunmodel is not in the SDK: set AXELERA_FRAMEWORK to the Voyager SDK\'s folder');
  const seconds = r.seconds ?? 10;
  const aipuCores = r.aipuCores ?? 1;
  const args = axrunmodelArgs({ model: r.model, device: r.device, seconds, aipuCores });
  r.onLog?.(`$ ${tool} ${args.join(' ')}\n`);
  const result = await runTool(tool, args, { env: r.host.toolEnv(r.location), timeoutMs: (seconds + 120) * 1000, signal: r.signal, onOutput: r.onLog });
  if (r.signal?.aborted) throw r.signal.reason;
  if (result.code !== 0) {
    const e = explainRuntimeError(result.stderr || result.stdout || result.startError || 'axrunmodel failed');
    throw new UserError(`the benchmark failed: ${e.message}; ${e.remedy}`);
  }
  const figures = parseAxrunmodel(result.stdout);
  if (figures.deviceFps === null && figures.systemFps === null) throw new UserError('axrunmodel printed no FPS figures LCZ Studio can read (another SDK version?): run it in a terminal to see its output');
  const simulated = r.host.simulated;
  return {
    fps: { device: figures.deviceFps, host: figures.hostFps, system: figures.systemFps },
    latencyMs: figures.latencyMs,
    powerW: figures.powerW,
    powerNote:
      figures.powerW !== null
        ? 'as reported by the card'
        : simulated
          ? 'simulated: the simulator has no power model (on real hardware only the 4-AIPU PCIe card reports power)'
          : 'this card does not report power (only the 4-AIPU PCIe card does)',
    aipuCores,
    seconds,
    simulated,
  };
}
