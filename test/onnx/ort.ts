/** Raw onnxruntime runs for tests: the model's own outputs, no calibration. */
import { InferenceSession, Tensor } from 'onnxruntime-node';

export async function runOnnx(bytes: Uint8Array, input: Float32Array, dims: number[]): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await InferenceSession.create(bytes);
  try {
    const out = await session.run({ [session.inputNames[0]!]: new Tensor('float32', input, dims) });
    const tensor = out[session.outputNames[0]!]!;
    return { data: tensor.data as Float32Array, dims: tensor.dims };
  } finally {
    await session.release();
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
