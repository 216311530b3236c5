/**
 * The one place that imports onnx-proto. The package is CommonJS (`module.exports = $root`), which Node's ESM loader
 * cannot see named exports through, so `import { onnx } from 'onnx-proto'` fails at run time under tsx and Node even
 * though it type-checks; the default import works everywhere (tsx, vitest, electron-vite's bundle).
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

export const onnx = onnxProto.onnx;
export type ModelProto = OnnxTypes.ModelProto;
export type IModelProto = OnnxTypes.IModelProto;
export type GraphProto = OnnxTypes.GraphProto;
export type INodeProto = OnnxTypes.INodeProto;
export type IAttributeProto = OnnxTypes.IAttributeProto;
export type ITensorProto = OnnxTypes.ITensorProto;
export type IValueInfoProto = OnnxTypes.IValueInfoProto;

export const DataType = onnx.TensorProto.DataType;
export const AttributeType = onnx.AttributeProto.AttributeType;

/** Element types by the names onnxruntime uses, so inspection reports and session tensors speak alike. */
export type ElementType = 'float32' | 'float16' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'bool' | 'string';

const ELEMENT_CODES: Record<ElementType, number> = {
  float32: DataType.FLOAT,
  float16: DataType.FLOAT16,
  float64: DataType.DOUBLE,
  int8: DataType.INT8,
  uint8: DataType.UINT8,
  int16: DataType.INT16,
  uint16: DataType.UINT16,
  int32: DataType.INT32,
  uint32: DataType.UINT32,
  int64: DataType.INT64,
  uint64: DataType.UINT64,
  bool: DataType.BOOL,
  string: DataType.STRING,
};

export function elementCode(type: ElementType): number {
  return ELEMENT_CODES[type];
}

/** The name of an ONNX element type code; unusual types (bfloat16, complex) keep ONNX's own name. */
export function elementName(code: number | null | undefined): string {
  const known = (Object.keys(ELEMENT_CODES) as ElementType[]).find((k) => ELEMENT_CODES[k] === code);
  return known ?? (code == null ? 'undefined' : (DataType[code]?.toLowerCase() ?? `type ${code}`));
}

/**
 * protobufjs decodes int64 fields (dims, attribute ints, opset versions) as Long objects when the `long` package is
 * installed and as plain numbers otherwise; every reader goes through here so it never matters which.
 */
export function toNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value == null) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/**
 * The graph of a decoded model. Decoding builds class instances whose repeated fields are always arrays, but
 * onnx-proto types `model.graph` by its interface (all fields optional); this says what decode guarantees.
 */
export function decodedGraph(model: ModelProto): GraphProto {
  if (!model.graph) throw new Error('the model has no graph');
  return model.graph as GraphProto;
}
