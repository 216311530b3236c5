import type { So2SatBatch } from '../so2sat/so2sat-file';
import type { MemberChannels } from './input-modes';

const PIXELS = 32 * 32;
const SEN2 = 10;
const SEN1 = 8;
/** SAR intensities are heavy-tailed even after standardising; beyond this many stds they only destabilise training. */
const SAR_LIMIT = 5;

/** The member's input for a batch: its channels of the (already normalised) sen2 and sen1 patches, channels last. */
export function memberInput(batch: So2SatBatch, channels: MemberChannels): Float32Array {
  const c = channels.sen2.length + channels.sen1.length;
  const out = new Float32Array(batch.n * PIXELS * c);
  const { sen2, sen1 } = batch;
  if (channels.sen1.length > 0 && !sen1) throw new Error('this member reads SAR channels, but the batch has no sen1');
  for (let p = 0; p < batch.n * PIXELS; p++) {
    let o = p * c;
    const s2 = p * SEN2;
    for (const k of channels.sen2) out[o++] = sen2[s2 + k]!;
    if (sen1) {
      const s1 = p * SEN1;
      for (const k of channels.sen1) out[o++] = Math.max(-SAR_LIMIT, Math.min(SAR_LIMIT, sen1[s1 + k]!));
    }
  }
  return out;
}

/** Index of the largest value of each row of an n x k array (the hard label of soft labels). */
export function rowArgmax(values: Float32Array, k: number): Uint8Array {
  const out = new Uint8Array(values.length / k);
  for (let i = 0; i < out.length; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (values[i * k + j]! > values[i * k + best]!) best = j;
    out[i] = best;
  }
  return out;
}
