/**
 * SIMULATOR ONLY. The compiled model the fake compiler writes as compiled_model/model.json. A real model.json is the
 * SDK's own format (not documented in metis.md); this one says plainly that it is simulated and holds what the
 * simulated card needs: the ONNX graph it runs in ONNX Runtime in place of the AIPU, and the int8 scale and zero
 * point of its input and outputs (quantised as metis.md gives it: q = clip(round(x / scale + zero_point), -128, 127),
 * x = (q - zero_point) * scale).
 */
import { z } from 'zod';

/** Channels are padded to a multiple of this: metis.md says the multiple is not documented; the SDK's example pads 3 to 4. */
export const SIMULATED_CHANNEL_MULTIPLE = 4;
/** The model format version of the SDK metis.md describes ("Unsupported model version: 4.0, expected at least 5.0"). */
export const CURRENT_MODEL_VERSION = '5.0';

const quantSchema = z.object({ scale: z.number().positive(), zeroPoint: z.number().int().min(-128).max(127) }).strict();
export type Quant = z.infer<typeof quantSchema>;

export const simulatedModelSchema = z
  .object({
    simulated: z.literal(true),
    note: z.string(),
    modelVersion: z.string(),
    /** Relative to model.json's folder. */
    onnx: z.string(),
    runs: z.enum(['int8 QDQ model', 'float model']),
    onnxLayout: z.enum(['NCHW', 'NHWC']),
    input: z.object({ name: z.string(), height: z.number().int(), width: z.number().int(), channels: z.number().int(), paddedChannels: z.number().int(), quant: quantSchema }).strict(),
    outputs: z.array(z.object({ name: z.string(), count: z.number().int().positive(), quant: quantSchema }).strict()).min(1),
    /** The postamble ONNX (relative), when the model ends in operators the card does not run. */
    postamble: z.string().nullable(),
    batch: z.number().int().min(1).max(4),
    macs: z.number().nonnegative(),
    depthwiseMacs: z.number().nonnegative(),
  })
  .strict();
export type SimulatedModel = z.infer<typeof simulatedModelSchema>;

/** Asymmetric int8 parameters covering [min, max] (and 0, which must stay exact). */
export function quantFor(min: number, max: number): Quant {
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  const scale = hi > lo ? (hi - lo) / 255 : 1;
  const zeroPoint = Math.max(-128, Math.min(127, Math.round(-128 - lo / scale)));
  return { scale, zeroPoint };
}

/** Round half to even, as NumPy and the C helper's nearbyintf do. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function quantise(x: number, q: Quant): number {
  return Math.max(-128, Math.min(127, roundHalfEven(x / q.scale + q.zeroPoint)));
}

/**
 * Adding then taking away 1.5 x 2^52 rounds a double to an integer, halves to even: past 2^52 a double has no fraction
 * bits, and IEEE addition rounds to nearest, ties to even. Exact for |x| < 2^51; int8 values are far inside.
 */
const ROUND_HALF_EVEN = 6_755_399_441_055_744;

/**
 * What an int8 round trip does to values: the error the card adds (a plain loop: the simulated host times it). A whole
 * city's patches pass here (230 million values for 150 x 150 cells): the rounding is two additions, not Math.round
 * and a test for halves (twice as long).
 */
export function throughInt8(values: Float32Array, q: Quant): Float32Array {
  const out = new Float32Array(values.length);
  const inverse = 1 / q.scale;
  const { zeroPoint, scale } = q;
  for (let i = 0; i < values.length; i++) {
    const r = values[i]! * inverse + zeroPoint + ROUND_HALF_EVEN - ROUND_HALF_EVEN;
    out[i] = ((r < -128 ? -128 : r > 127 ? 127 : r) - zeroPoint) * scale;
  }
  return out;
}

export function paddedChannels(channels: number): number {
  return Math.ceil(channels / SIMULATED_CHANNEL_MULTIPLE) * SIMULATED_CHANNEL_MULTIPLE;
}
