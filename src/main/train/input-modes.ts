import { SO2SAT_S2_BANDS } from '../../shared/bands';
import type { MemberSpec } from '../../shared/contract/training';
import { mulberry32 } from '../synthetic/noise';

/** So2Sat's sen1 channels (Zhu et al. 2020), in file order. */
export const SO2SAT_S1_CHANNELS = ['S1.VH_re', 'S1.VH_im', 'S1.VV_re', 'S1.VV_im', 'S1.VH_lee', 'S1.VV_lee', 'S1.C12_re', 'S1.C12_im'] as const;

/** Which channels a member reads: indices into sen2 (and into sen1 for SAR members), and their names. */
export interface MemberChannels {
  sen2: number[];
  sen1: number[];
  names: string[];
}

/**
 * The input of a member: all 10 Sentinel-2 bands; RGB (B4, B3, B2); 3 bands drawn from the 10 by the member's seed
 * (the RAND mode of the published ensembles); or the 10 Sentinel-2 bands with the two Lee-filtered SAR intensities.
 */
export function memberChannels(spec: Pick<MemberSpec, 'inputs' | 'seed'>): MemberChannels {
  const s2 = (indices: number[]): MemberChannels => ({ sen2: indices, sen1: [], names: indices.map((i) => SO2SAT_S2_BANDS[i]!) });
  switch (spec.inputs) {
    case 'all':
      return s2(SO2SAT_S2_BANDS.map((_, i) => i));
    case 'rgb':
      return s2([2, 1, 0]);
    case 'rand3': {
      const random = mulberry32(spec.seed ^ 0x5eed);
      const pool = SO2SAT_S2_BANDS.map((_, i) => i);
      for (let i = pool.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      return s2(pool.slice(0, 3).sort((a, b) => a - b));
    }
    case 'sen1-sen2': {
      const base = s2(SO2SAT_S2_BANDS.map((_, i) => i));
      return { sen2: base.sen2, sen1: [4, 5], names: [...base.names, SO2SAT_S1_CHANNELS[4], SO2SAT_S1_CHANNELS[5]] };
    }
  }
}

/** A member can become a mapping bundle only when every channel is a scene band (no SAR). */
export const mappable = (channels: MemberChannels): boolean => channels.sen1.length === 0;
