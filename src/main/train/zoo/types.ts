/** What every zoo architecture takes and says about itself. */
import type * as tfl from '@tensorflow/tfjs-layers';

export { ARCH_IDS, type ArchId, type ArchitectureInfo } from '../../../shared/architectures';

export interface ModelOptions {
  /** Input channels (bands): 10 for So2Sat's sen2, 8 for sen1... */
  channels: number;
  /** Output classes: 17 for LCZ. */
  classes: number;
  /** Fixes every initial weight: the same seed gives the same model. */
  seed: number;
  /** Width multiplier on every channel count; default 1 (each architecture's published width). */
  width?: number;
  /** Square patch side; default 32 (So2Sat). The networks are fully convolutional up to a global pool. */
  patchSize?: number;
}

/** Options with defaults filled in, as the builders get them. */
export interface BuildOptions {
  channels: number;
  classes: number;
  seed: number;
  width: number;
  patchSize: number;
}

export type ModelBuilder = (o: BuildOptions) => tfl.LayersModel;
