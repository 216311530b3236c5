/**
 * SIMULATOR ONLY. The throughput a Metis card would have for a model, estimated from the model-zoo figures metis.md
 * publishes (SDK v1.2.5, 224 x 224, PCIe and M.2 columns) and the model's multiply-accumulates (onnx/model-cost.ts).
 *
 * Time per frame is taken as t = t0 + k * (standard MACs) + kd * (depthwise MACs): a fixed cost per frame, a cost per
 * MAC, and a higher one for depthwise convolutions (MobileNetV2 at 0.30 GMAC runs slower than SqueezeNet 1.1 at 0.35).
 * The three zoo networks give three equations for the three constants, solved per board. Their MACs are counted by
 * the same counter on the torchvision architectures (test/onnx/model-cost.test.ts checks these numbers). A crude
 * model: it says nothing about memory-bound layers or input size, and every figure it gives is labelled simulated.
 * The zoo figures use the whole chip (4 cores); with fewer cores the per-MAC part is taken to grow in proportion.
 */
export interface ZooPoint {
  name: string;
  macs: number;
  depthwiseMacs: number;
  fps: { pcie: number; m2: number };
}

export const MODEL_ZOO: readonly ZooPoint[] = [
  { name: 'ResNet-18', macs: 1_814_073_344, depthwiseMacs: 0, fps: { pcie: 3726, m2: 3590 } },
  { name: 'SqueezeNet 1.1', macs: 349_151_936, depthwiseMacs: 0, fps: { pcie: 7124, m2: 6855 } },
  { name: 'MobileNetV2', macs: 300_774_272, depthwiseMacs: 20_716_416, fps: { pcie: 3147, m2: 3114 } },
];

export interface TimeModel {
  /** Seconds per frame. */
  t0: number;
  perMac: number;
  perDepthwiseMac: number;
}

/** The constants for a board column, from the three zoo points (exactly: three equations, three unknowns). */
export function timeModel(board: 'pcie' | 'm2'): TimeModel {
  const [a, b, c] = MODEL_ZOO.map((p) => ({ std: p.macs - p.depthwiseMacs, dw: p.depthwiseMacs, t: 1 / p.fps[board] })) as [
    { std: number; dw: number; t: number },
    { std: number; dw: number; t: number },
    { std: number; dw: number; t: number },
  ];
  // ResNet-18 and SqueezeNet have no depthwise layers: they fix t0 and the per-MAC time; MobileNetV2 then fixes kd.
  const perMac = (a.t - b.t) / (a.std - b.std);
  const t0 = b.t - perMac * b.std;
  const perDepthwiseMac = (c.t - t0 - perMac * c.std) / c.dw;
  return { t0, perMac, perDepthwiseMac };
}

export interface FpsEstimate {
  fps: number;
  secondsPerFrame: number;
  basis: string;
}

export function estimateFps(cost: { macs: number; depthwiseMacs: number }, board: string | null, aipuCores = 4): FpsEstimate {
  const column = board === 'm2' ? 'm2' : 'pcie';
  const m = timeModel(column);
  const compute = (m.perMac * (cost.macs - cost.depthwiseMacs) + m.perDepthwiseMac * cost.depthwiseMacs) * (4 / Math.min(4, Math.max(1, aipuCores)));
  const secondsPerFrame = m.t0 + compute;
  return {
    fps: 1 / secondsPerFrame,
    secondsPerFrame,
    basis: `simulated estimate: ${(cost.macs / 1e6).toFixed(1)} M MACs scaled from the ${column === 'm2' ? 'M.2' : 'PCIe'} model-zoo figures in metis.md (${MODEL_ZOO.map((p) => `${p.name} ${p.fps[column]} FPS`).join(', ')}), ${aipuCores} AIPU core${aipuCores === 1 ? '' : 's'}`,
  };
}
