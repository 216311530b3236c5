/**
 * NumPy's .npy format (format version 1.0, https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html)
 * for float32 arrays in C order: the calibration patches resources/metis/compile.py reads with numpy.load. A magic
 * string, the version, a little-endian uint16 header length, a Python dict literal padded with spaces to a multiple
 * of 64 bytes and ended by a newline, then the data ('<f4': little-endian float32).
 */
const MAGIC = Buffer.from([0x93, ...Buffer.from('NUMPY')]);

export function encodeNpy(data: Float32Array, shape: readonly number[]): Buffer {
  if (shape.reduce((a, b) => a * b, 1) !== data.length) throw new Error(`npy: ${data.length} values for shape [${shape.join(', ')}]`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const head = Buffer.alloc(MAGIC.length + 4);
  MAGIC.copy(head);
  head[6] = 1; // major version
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.alloc(data.length * 4);
  for (let i = 0; i < data.length; i++) body.writeFloatLE(data[i]!, i * 4);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body]);
}

/** Reads a float32 .npy written by encodeNpy or NumPy (versions 1.0-3.0, C order, little-endian float32 only). */
export function decodeNpy(bytes: Buffer, file = 'the .npy file'): { data: Float32Array; shape: number[] } {
  if (bytes.length < 10 || !bytes.subarray(0, 6).equals(MAGIC)) throw new Error(`${file} is not a .npy file`);
  const major = bytes[6]!;
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = bytes.subarray(start, start + headerLength).toString('latin1');
  if (!/'descr':\s*'<f4'/.test(header) || /'fortran_order':\s*True/.test(header)) throw new Error(`${file} does not hold C-order little-endian float32 (${header.trim()})`);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const body = bytes.subarray(start + headerLength);
  if (body.length !== count * 4) throw new Error(`${file} holds ${body.length} bytes of data for shape [${shape.join(', ')}]`);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = body.readFloatLE(i * 4);
  return { data, shape };
}
