/**
 * SIMULATOR ONLY. A fake `axrunmodel model.json -d N --seconds S --aipu-cores K`. Device FPS is the model-zoo
 * estimate (fps-estimate.ts) for the model's MACs; host FPS is measured on this machine: the host's share of a frame
 * (quantising the input, dequantising the outputs, the postamble graph when there is one); system FPS is the lower of
 * the two (the stages overlap). Latency percentiles add the device time to the measured host times. It does not wait
 * S seconds, and it reports no power: the simulator has no power model (and only the 4-AIPU card reports power).
 * Every line says simulated.
 */
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { estimateFps } from '../fps-estimate';
import { SimulatedCardError, loadSimulatedModel } from '../simulated-card';
import { throughInt8 } from '../simulated-model';
import type { SimulatorState } from '../scenarios';

const flag = (argv: readonly string[], name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function fakeAxrunmodel(state: SimulatorState, argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const modelPath = argv[0];
  const device = flag(argv, '-d', 0);
  const seconds = flag(argv, '--seconds', 10);
  const cores = flag(argv, '--aipu-cores', 1);
  if (!modelPath) {
    err('usage: axrunmodel MODEL -d DEVICE --seconds S --aipu-cores N\n');
    return 2;
  }
  if (state.scenario === 'device-in-use') {
    err(`axrunmodel: AXR_ERROR_DEVICE_IN_USE (simulated): device ${device} is in use by another process\n`);
    return 1;
  }
  const board = state.boards[device];
  if (!board) {
    err(`axrunmodel: no device ${device} (simulated: ${state.boards.length} devices)\n`);
    return 1;
  }
  let model;
  try {
    model = await loadSimulatedModel(modelPath);
  } catch (error) {
    err(`axrunmodel: ${error instanceof SimulatedCardError ? error.message : String(error)}\n`);
    return 1;
  }
  const estimate = estimateFps(model, board.boardType, cores);
  // The host's work per frame, measured: int8 in and out, and the postamble graph.
  const { height, width, channels, quant } = model.input;
  const patch = Float32Array.from({ length: height * width * channels }, (_, i) => Math.sin(i));
  const postamble = model.postamble ? await InferenceSession.create(join(dirname(modelPath), model.postamble), { intraOpNumThreads: 1 }) : null;
  const times: number[] = [];
  const until = performance.now() + 500;
  for (let warm = 0; warm < 20 || times.length < 50 || performance.now() < until; warm++) {
    const start = performance.now();
    throughInt8(patch, quant);
    const feeds = Object.fromEntries(model.outputs.map((o) => [o.name, new Tensor('float32', throughInt8(new Float32Array(o.count), o.quant), [1, o.count])]));
    if (postamble) await postamble.run(feeds);
    if (warm >= 20) times.push((performance.now() - start) / 1000); // the first runs warm ONNX Runtime up
  }
  await postamble?.release();
  times.sort((a, b) => a - b);
  const hostSeconds = times.reduce((a, b) => a + b, 0) / times.length;
  const host = 1 / hostSeconds;
  const system = Math.min(estimate.fps, host);
  const ms = (s: number) => (s * 1000).toFixed(3);
  out(`axrunmodel (LCZ Studio Metis simulator): SIMULATED figures, no card was used (${seconds} s not waited)\n`);
  out(`Model: ${modelPath} (${model.runs}, ${model.macs} MACs)\n`);
  out(`Device FPS: ${estimate.fps.toFixed(1)} (${estimate.basis})\n`);
  out(`Host FPS: ${host.toFixed(1)} (simulated: measured on this machine)\n`);
  out(`System FPS: ${system.toFixed(1)} (simulated)\n`);
  out(`Latency p50: ${ms(estimate.secondsPerFrame + percentile(times, 50))} ms, p95: ${ms(estimate.secondsPerFrame + percentile(times, 95))} ms, p99: ${ms(estimate.secondsPerFrame + percentile(times, 99))} ms (simulated)\n`);
  return 0;
}
