/**
 * Patches for calibrating and verifying a deployment, cut from a scene exactly as a mapping cuts them: the mapping
 * engine itself (mapping/map-grid.ts) walks the scene with its band mapping and scaling at 100 m cells and hands
 * each batch to a "classifier" that only keeps a seeded random sample of the patches (reservoir sampling, so memory
 * holds the sample, not the scene). What the card is calibrated and verified on is then what it will map.
 *
 * When the scene's true LCZ map is known (the synthetic demo's, or one given), each sampled cell is labelled with the
 * truth under its centre, so the verification can measure accuracy; without one, only the agreement with the CPU.
 */
import type { CalibrationSource } from '../../../shared/contract/metis';
import { UserError } from '../../../shared/errors';
import type { Bundle } from '../../bundles/bundle-io';
import { gatherCells, GridAlignment } from '../../compare/grid-alignment';
import type { LentRun } from '../../onnx/classifier-worker';
import type { PatchClassifier } from '../../mapping/batch-runner';
import { mapGrid } from '../../mapping/map-grid';
import { outputGrid, type OutputGrid } from '../../mapping/output-grid';
import { resultLczMap } from '../../mapping/write-result';
import type { LczMap } from '../../raster/lcz-map';
import { readLczMap } from '../../raster/read-lcz-map';
import { SceneReader } from '../../scenes/scene-reader';
import { checkSettings } from '../../scenes/scene-settings';
import { mulberry32 } from '../../synthetic/noise';
import { NO_LABEL, type HeldOutPatches } from './held-out';

/** The cell size patches are centred on: the usual LCZ mapping resolution. */
const CELL_M = 100;
const BATCH_CELLS = 256;

/** Keeps a uniform random sample of `size` patches of a stream (Algorithm R), with the patch's place in the stream. */
class PatchReservoir implements PatchClassifier {
  readonly patches: Float32Array;
  readonly ordinals: Int32Array;
  seen = 0;
  private readonly random: () => number;

  constructor(
    readonly size: number,
    private readonly patchLength: number,
    private readonly classes: number,
    seed: number,
  ) {
    this.patches = new Float32Array(size * patchLength);
    this.ordinals = new Int32Array(size).fill(-1);
    this.random = mulberry32(seed);
  }

  async lend(batch: Float32Array, n: number): Promise<LentRun> {
    for (let i = 0; i < n; i++, this.seen++) {
      const slot = this.seen < this.size ? this.seen : Math.floor(this.random() * (this.seen + 1));
      if (slot >= this.size) continue;
      this.patches.set(batch.subarray(i * this.patchLength, (i + 1) * this.patchLength), slot * this.patchLength);
      this.ordinals[slot] = this.seen;
    }
    // Any probabilities: the mapping only needs them to mark the cell as mapped.
    return { probabilities: new Float32Array(n * this.classes).fill(1 / this.classes), batch };
  }
}

/** The true LCZ value under each cell of the grid (0: none). */
function truthPerCell(grid: OutputGrid, truth: LczMap): Uint8Array {
  const target = resultLczMap(grid, new Uint8Array(grid.width * grid.height), '');
  const alignment = new GridAlignment(target, truth);
  if (alignment.identical) return truth.classes.slice();
  const out = new Uint8Array(grid.width * grid.height);
  for (let r = 0; r < grid.height; r++) gatherCells(alignment.locate(r, r + 1), truth.classes, 0, truth.width, out.subarray(r * grid.width, (r + 1) * grid.width), 0);
  return out;
}

export interface ScenePatchSample {
  /** Patches in the bundle's layout, normalised as the bundle says. */
  patches: Float32Array;
  /** Class index (0-16) of each patch's true LCZ, NO_LABEL where unknown; null without a truth map. */
  labels: Uint8Array | null;
  n: number;
  /** Cells of the scene with data, from which the sample was drawn. */
  cellsWithData: number;
}

/** `count` patches drawn at random from the cells of a scene that have data, in a random order. */
export async function sampleScenePatches(bundle: Bundle, source: Extract<CalibrationSource, { kind: 'scene' }>, count: number, seed: number, signal?: AbortSignal): Promise<ScenePatchSample> {
  const reader = await SceneReader.open(source.path, signal);
  try {
    checkSettings(reader.scene, source.settings);
    const { manifest } = bundle;
    const patchLength = manifest.bands.length * manifest.input.patchSize ** 2;
    const grid = outputGrid(reader.scene, CELL_M);
    const reservoir = new PatchReservoir(count, patchLength, manifest.classes.length, seed);
    const mapping = await mapGrid({
      reader,
      settings: source.settings,
      grid,
      members: [{ dir: bundle.dir, manifest }],
      loadModel: async () => reservoir,
      tta: false,
      batchCells: BATCH_CELLS,
      signal,
    });
    const n = Math.min(count, reservoir.seen);
    // Patch k of the stream is the k-th mapped cell in row-major order (the engine commits cells so).
    const mapped: number[] = [];
    mapping.fused.classes.forEach((c, i) => c && mapped.push(i));
    const truth = source.truth ? truthPerCell(grid, await readLczMap(source.truth, signal)) : null;
    const random = mulberry32(seed ^ 0x5bd1e995);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const patches = new Float32Array(n * patchLength);
    const labels = truth ? new Uint8Array(n).fill(NO_LABEL) : null;
    order.forEach((slot, i) => {
      patches.set(reservoir.patches.subarray(slot * patchLength, (slot + 1) * patchLength), i * patchLength);
      const value = truth ? truth[mapped[reservoir.ordinals[slot]!]!]! : 0;
      if (labels && value >= 1 && value <= 17) labels[i] = value - 1;
    });
    return { patches, labels, n, cellsWithData: reservoir.seen };
  } finally {
    await reader.close();
  }
}

/** Splits a sample into the calibration patches and the held-out ones, refusing a scene with too few cells. */
export function splitSample(sample: ScenePatchSample, calibration: number, patchLength: number, scene: string): { calibration: Float32Array; heldOut: HeldOutPatches } {
  if (sample.n < calibration + 10) {
    throw new UserError(`has ${sample.cellsWithData} cells of ${CELL_M} m with data; calibrating on ${calibration} patches and verifying on others needs at least ${calibration + 10}: use a larger scene, or So2Sat-format data`, scene);
  }
  const rest = sample.n - calibration;
  return {
    calibration: sample.patches.subarray(0, calibration * patchLength),
    heldOut: { patches: sample.patches.subarray(calibration * patchLength), labels: sample.labels?.subarray(calibration) ?? null, n: rest },
  };
}
