/**
 * The two So2Sat LCZ42 layouts and how a file is checked against them (shapes, data types, counts), from the
 * datasets' metadata alone: nothing here reads patches.
 *
 * - full (training.h5, validation.h5, testing.h5): `sen1` N x 32 x 32 x 8 (optional here: our synthetic files may
 *   leave it out), `sen2` N x 32 x 32 x 10, `label` N x 17 one-hot;
 * - label distribution (the subset with several annotators' votes, urban classes 1-10): `sen2`,
 *   `y_distributional_urban` N x 10 (or N x 17), and usually `y` N x 17 one-hot.
 */
import { UserError } from '../../shared/errors';
import type { H5File } from './hdf5';

export const PATCH_SIZE = 32;
export const SEN2_CHANNELS = 10;
export const SEN1_CHANNELS = 8;
export const CLASS_COUNT = 17;
export const URBAN_CLASSES = 10;

export type So2SatVariant = 'full' | 'label-distribution';
export type FloatType = 'float32' | 'float64';

export interface DatasetInfo {
  name: string;
  shape: number[];
  /** numpy's name for the type as h5py shows it: "float64", "float32", ">f8", "int16", ... */
  dtype: string;
  /** Set when the type is one we read: little- or big-endian 32/64-bit float. */
  float: FloatType | null;
  littleEndian: boolean;
  /** Chunk shape, or null for contiguous storage. */
  chunks: number[] | null;
  /** Filter names (e.g. "deflate"); empty when stored raw. */
  filters: string[];
  /** Values per row (one patch, or one label row). */
  rowValues: number;
}

export interface So2SatLayout {
  variant: So2SatVariant;
  patches: number;
  sen2: DatasetInfo;
  sen1: DatasetInfo | null;
  /** One-hot labels: `label` (full) or `y` (label distribution; may be absent). */
  hard: DatasetInfo | null;
  /** Annotators' votes over the urban classes (label distribution only). */
  votes: DatasetInfo | null;
  /** Every dataset at the file's root, by name. */
  datasets: Record<string, DatasetInfo>;
}

const EXPECTED = 'a So2Sat LCZ42 file has sen2 (N x 32 x 32 x 10) and label (N x 17, one-hot), optionally sen1 (N x 32 x 32 x 8); or, for the label-distribution subset, sen2, y (N x 17) and y_distributional_urban (N x 10)';

function numpyName(type: number, size: number, signed: boolean, littleEndian: boolean): string {
  // h5wasm's type codes are libhdf5's H5T_class_t: 0 integer, 1 float.
  const base = type === 1 ? `float${size * 8}` : type === 0 ? `${signed ? 'int' : 'uint'}${size * 8}` : `HDF5 class ${type}`;
  if (littleEndian || size === 1 || (type !== 0 && type !== 1)) return base;
  return `>${type === 1 ? 'f' : signed ? 'i' : 'u'}${size}`;
}

export function datasetInfo(file: H5File, name: string): DatasetInfo | null {
  const entity = file.get(name);
  if (!entity || !('shape' in entity) || !('metadata' in entity)) return null;
  const meta = entity.metadata;
  const shape = meta.shape ?? [];
  const float: FloatType | null = meta.type === 1 && (meta.size === 4 || meta.size === 8) && !meta.vlen ? (meta.size === 4 ? 'float32' : 'float64') : null;
  return {
    name,
    shape,
    dtype: numpyName(meta.type, meta.size, meta.signed, meta.littleEndian),
    float,
    littleEndian: meta.littleEndian,
    chunks: meta.chunks,
    filters: entity.filters.map((f) => f.name),
    rowValues: shape.slice(1).reduce((a, b) => a * b, 1),
  };
}

const dims = (shape: readonly number[]) => shape.join(' x ');

function expectShape(path: string, info: DatasetInfo, tail: readonly number[], what: string): void {
  const ok = info.shape.length === tail.length + 1 && tail.every((d, i) => info.shape[i + 1] === d);
  if (!ok) throw new UserError(`dataset ${info.name} has shape ${dims(info.shape)}; expected N x ${dims(tail)} (${what})`, path);
  if (!info.float) throw new UserError(`dataset ${info.name} holds ${info.dtype}; So2Sat datasets are float32 or float64`, path);
}

function expectCount(path: string, info: DatasetInfo, patches: number): void {
  if (info.shape[0] !== patches) {
    throw new UserError(`dataset ${info.name} has ${info.shape[0]} rows but sen2 has ${patches} patches; every dataset must have one row per patch`, path);
  }
}

/** The file's layout, or a UserError that names the file and what is wrong with it. */
export function readLayout(file: H5File, path: string): So2SatLayout {
  const names = file.keys();
  const datasets: Record<string, DatasetInfo> = {};
  for (const name of names) {
    const info = datasetInfo(file, name);
    if (info) datasets[name] = info;
  }
  const sen2 = datasets.sen2;
  if (!sen2) {
    const found = names.length ? `it holds ${names.join(', ')}` : 'it is empty';
    throw new UserError(`has no dataset sen2 (${found}); ${EXPECTED}`, path);
  }
  expectShape(path, sen2, [PATCH_SIZE, PATCH_SIZE, SEN2_CHANNELS], 'Sentinel-2 patches, channels last');
  const patches = sen2.shape[0]!;
  if (patches === 0) throw new UserError('has no patches (sen2 has 0 rows)', path);

  const sen1 = datasets.sen1 ?? null;
  if (sen1) {
    expectShape(path, sen1, [PATCH_SIZE, PATCH_SIZE, SEN1_CHANNELS], 'Sentinel-1 patches, channels last');
    expectCount(path, sen1, patches);
  }

  const variant: So2SatVariant = datasets.label ? 'full' : datasets.y_distributional_urban ? 'label-distribution' : 'full';
  const hard = (variant === 'full' ? datasets.label : datasets.y) ?? null;
  if (variant === 'full' && !hard) {
    throw new UserError(`has no dataset label${datasets.y ? ' (it has y but no y_distributional_urban)' : ''}; ${EXPECTED}`, path);
  }
  if (hard) {
    expectShape(path, hard, [CLASS_COUNT], 'one-hot labels of the 17 LCZ classes');
    expectCount(path, hard, patches);
  }
  const votes = variant === 'label-distribution' ? datasets.y_distributional_urban! : null;
  if (votes) {
    const cols = votes.shape[1];
    if (votes.shape.length !== 2 || (cols !== URBAN_CLASSES && cols !== CLASS_COUNT)) {
      throw new UserError(`dataset ${votes.name} has shape ${dims(votes.shape)}; expected N x 10 (votes over the urban classes 1-10) or N x 17`, path);
    }
    if (!votes.float) throw new UserError(`dataset ${votes.name} holds ${votes.dtype}; expected float32 or float64`, path);
    expectCount(path, votes, patches);
  }
  return { variant, patches, sen2, sen1, hard, votes, datasets };
}
