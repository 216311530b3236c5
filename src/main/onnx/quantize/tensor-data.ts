/**
 * Initializer values in and out of ONNX tensors for the quantizer: float weights with their dims (read by
 * ../node-attributes.ts, from raw_data or float_data), and the int8 / uint8 / int32 / float tensors a QDQ model
 * holds, always written as little-endian raw_data (the ONNX spec's byte order).
 */
import { tensorFloats } from '../node-attributes';
import { DataType, toNumber, type ITensorProto } from '../onnx-proto';

export interface FloatTensor {
  data: Float32Array;
  dims: number[];
}

/** The float32 values of an initializer with its dims, or null when it holds another type (int64 shapes, ...). */
export function floatValues(t: ITensorProto): FloatTensor | null {
  const values = tensorFloats(t);
  if (!values) return null;
  const dims = (t.dims ?? []).map((d) => toNumber(d));
  const size = dims.reduce((a, b) => a * b, 1);
  if (values.length !== size) throw new Error(`initializer ${t.name ?? '?'}: ${values.length} values for dims [${dims.join(', ')}]`);
  return { data: Float32Array.from(values), dims };
}

export type StoredType = 'float32' | 'int8' | 'uint8' | 'int32';

const CODES: Record<StoredType, number> = { float32: DataType.FLOAT, int8: DataType.INT8, uint8: DataType.UINT8, int32: DataType.INT32 };

/** An initializer of one of the types a QDQ model stores; a scalar when dims is []. */
export function makeTensor(name: string, type: StoredType, values: ArrayLike<number>, dims: readonly number[]): ITensorProto {
  const size = dims.reduce((a, b) => a * b, 1);
  if (values.length !== size) throw new Error(`tensor ${name}: ${values.length} values for dims [${dims.join(', ')}]`);
  const width = type === 'int8' || type === 'uint8' ? 1 : 4;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (type === 'float32') view.setFloat32(i * 4, v, true);
    else if (type === 'int32') view.setInt32(i * 4, v, true);
    else if (type === 'int8') view.setInt8(i, v);
    else view.setUint8(i, v);
  }
  return { name, dataType: CODES[type], dims: [...dims], rawData: bytes };
}
