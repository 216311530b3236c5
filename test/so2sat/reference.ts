/**
 * Reference So2Sat files written by h5py (the tool the real files were made with) and values read back by h5py,
 * for comparing our reader and writer against the real thing.
 */
import { execFileSync } from 'node:child_process';
import { PYTHON, python, pythonMissing } from '../helpers/python';

export const noH5py = pythonMissing('h5py', 'numpy');

export interface ReferenceSpec {
  /** full: sen1?, sen2, label; subset: sen2, y, y_distributional_urban. */
  variant?: 'full' | 'subset';
  n: number;
  seed?: number;
  /** numpy dtype string of the patch and label datasets: '<f8', '<f4', '>f8', ... */
  dtype?: string;
  sen1?: boolean;
  /** Chunk rows (chunked storage); with gzip, compressed. */
  chunks?: number;
  gzip?: boolean;
  votesColumns?: number;
  /** Layout damage for the bad-input tests. */
  omit?: string[];
  shapes?: Record<string, number[]>;
  /** Label rows made not one-hot, in turn: two halves, all zeros, a single 0.9. */
  badLabelRows?: number[];
  /** [dataset, flat index, value ("nan", "inf", "-inf")] */
  nonFinite?: [string, number, string][];
}

const WRITE = `
import sys, json, h5py, numpy as np
path, spec = sys.argv[1], json.loads(sys.argv[2])
n = spec['n']; rng = np.random.default_rng(spec.get('seed', 1)); dt = np.dtype(spec.get('dtype', '<f8'))
shapes = spec.get('shapes', {})
data = {}
data['sen2'] = (rng.random((n, 32, 32, 10)) * 0.6).round(4)
classes = rng.integers(0, 17, n)
onehot = np.zeros((n, 17)); onehot[np.arange(n), classes] = 1
for k, i in enumerate(spec.get('badLabelRows', [])):
    onehot[i, :] = 0
    if k % 3 == 0: onehot[i, (classes[i] + 1) % 17] = 0.5; onehot[i, classes[i]] = 0.5
    elif k % 3 == 2: onehot[i, classes[i]] = 0.9
if spec.get('variant', 'full') == 'full':
    if spec.get('sen1'): data['sen1'] = rng.normal(0, 0.1, (n, 32, 32, 8))
    data['label'] = onehot
else:
    data['y'] = onehot
    votes = rng.integers(0, 4, (n, spec.get('votesColumns', 10))).astype(float)
    votes[votes.sum(1) == 0, 0] = 1
    data['y_distributional_urban'] = votes
for name, index, value in spec.get('nonFinite', []):
    data[name].reshape(-1)[index] = float(value)
with h5py.File(path, 'w') as f:
    for name, values in data.items():
        if name in spec.get('omit', []): continue
        if name in shapes: values = np.resize(values, shapes[name])
        kw = {}
        if spec.get('chunks'): kw['chunks'] = (min(spec['chunks'], values.shape[0]),) + values.shape[1:]
        if spec.get('gzip'): kw['compression'] = 'gzip'
        f.create_dataset(name, data=values.astype(dt), **kw)
`;

/** Writes a So2Sat-layout file with h5py. */
export function writeReference(path: string, spec: ReferenceSpec): void {
  execFileSync(PYTHON, ['-c', WRITE, path, JSON.stringify(spec)], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const READ = `
import sys, json, h5py, numpy as np
path, name, indices = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
with h5py.File(path, 'r') as f:
    d = f[name]
    rows = np.stack([d[i] for i in indices]) if indices is not None else d[()]
sys.stdout.buffer.write(np.ascontiguousarray(rows, dtype='<f8').tobytes())
`;

/** Rows of a dataset as h5py reads them (all rows when indices is null), as float64. */
export function h5pyRows(path: string, name: string, indices: number[] | null): Float64Array {
  const bytes = execFileSync(PYTHON, ['-c', READ, path, name, JSON.stringify(indices)], { maxBuffer: 1 << 30 });
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}

/** Runs a Python snippet (h5py and numpy imported) with `path` as sys.argv[1]; returns the JSON it prints. */
export function h5pyJson<T>(path: string, body: string): T {
  const script = `import sys, json, h5py, numpy as np\npath = sys.argv[1]\n${body}`;
  return JSON.parse(python(script, path)) as T;
}

/** Fast exact comparison of big typed arrays (toEqual walks them value by value): the first difference fails. */
export function sameValues(actual: ArrayLike<number> | undefined, expected: ArrayLike<number>): string {
  if (!actual) return 'missing';
  if (actual.length !== expected.length) return `length ${actual.length}, expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i] && !(Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) return `value ${i} is ${actual[i]}, expected ${expected[i]}`;
  }
  return 'same';
}
