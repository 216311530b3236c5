/**
 * Arrays as NumPy .npy files (format version 1.0): what a report stores of its predictions, so that anyone can check
 * its figures with numpy or scikit-learn (np.load). Little-endian float32 or uint8, C order.
 */
const MAGIC = [0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0)), 1, 0];

export function npyBytes(values: Float32Array | Uint8Array, shape: readonly number[]): Uint8Array {
  if (shape.reduce((a, b) => a * b, 1) !== values.length) throw new Error(`${values.length} values do not make an array of shape (${shape.join(', ')})`);
  const descr = values instanceof Float32Array ? '<f4' : '|u1';
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  // The header (with magic, version and its length) ends in a newline on a multiple of 64 bytes.
  const unpadded = MAGIC.length + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(MAGIC.length + 2 + header.length + values.byteLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint16(MAGIC.length, header.length, true);
  for (let i = 0; i < header.length; i++) out[MAGIC.length + 2 + i] = header.charCodeAt(i);
  // float32 values are little-endian on every machine Node runs on (x86, Arm).
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), MAGIC.length + 2 + header.length);
  return out;
}
