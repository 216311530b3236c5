/**
 * Reading a decoded node's attributes with the ONNX spec's defaults, and the int64 values of constant tensors
 * (initializers and Constant nodes: the shapes, axes and pads that later opsets pass as inputs). Shared by shape
 * inference, the cost counter and the Metis compatibility check, which all read graphs written by any exporter.
 */
import { DataType, toNumber, type GraphProto, type INodeProto, type ITensorProto } from './onnx-proto';

function find(node: INodeProto, name: string) {
  return node.attribute?.find((a) => a.name === name);
}

export function hasAttr(node: INodeProto, name: string): boolean {
  return find(node, name) !== undefined;
}

export function intAttr(node: INodeProto, name: string, fallback: number): number {
  const a = find(node, name);
  return a ? toNumber(a.i) : fallback;
}

export function intsAttr(node: INodeProto, name: string): number[] | null {
  const a = find(node, name);
  return a ? (a.ints ?? []).map((v) => toNumber(v)) : null;
}

export function floatAttr(node: INodeProto, name: string, fallback: number): number {
  return find(node, name)?.f ?? fallback;
}

export function stringAttr(node: INodeProto, name: string, fallback: string): string {
  const a = find(node, name);
  return a?.s && a.s.length > 0 ? new TextDecoder().decode(a.s) : fallback;
}

/** A node's label in messages: its op and, when it has one, its name. */
export function nodeLabel(node: INodeProto): string {
  return node.name ? `${node.opType ?? '?'} "${node.name}"` : (node.opType ?? '?');
}

/** The integer values of an int64/int32 tensor (raw_data little-endian by the spec, or the typed fields). */
export function tensorInts(t: ITensorProto): number[] | null {
  if (t.dataType !== DataType.INT64 && t.dataType !== DataType.INT32) return null;
  const wide = t.dataType === DataType.INT64;
  if (t.rawData && t.rawData.length > 0) {
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    const width = wide ? 8 : 4;
    return Array.from({ length: t.rawData.byteLength / width }, (_, i) => (wide ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true)));
  }
  return (wide ? (t.int64Data ?? []) : (t.int32Data ?? [])).map((v) => toNumber(v));
}

/** The values of a float32 tensor (raw_data or float_data), or null for other types. */
export function tensorFloats(t: ITensorProto): number[] | null {
  if (t.dataType !== DataType.FLOAT) return null;
  if (t.rawData && t.rawData.length > 0) {
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    return Array.from({ length: t.rawData.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
  }
  return [...(t.floatData ?? [])];
}

/** Bytes per element of a tensor type (0 for strings and unknown types). */
export function elementBytes(dataType: number | null | undefined): number {
  switch (dataType) {
    case DataType.DOUBLE:
    case DataType.INT64:
    case DataType.UINT64:
      return 8;
    case DataType.FLOAT:
    case DataType.INT32:
    case DataType.UINT32:
      return 4;
    case DataType.FLOAT16:
    case DataType.BFLOAT16:
    case DataType.INT16:
    case DataType.UINT16:
      return 2;
    case DataType.INT8:
    case DataType.UINT8:
    case DataType.BOOL:
      return 1;
    default:
      return 0;
  }
}

/** Constant integer tensors by name: initializers and the outputs of Constant nodes (how exporters pass shapes). */
export function constantInts(graph: GraphProto): Map<string, number[]> {
  const values = new Map<string, number[]>();
  for (const t of graph.initializer) {
    const ints = tensorInts(t);
    if (ints) values.set(t.name ?? '', ints);
  }
  for (const node of graph.node) {
    if (node.opType !== 'Constant') continue;
    const value = find(node, 'value');
    const ints = value?.t ? tensorInts(value.t) : (find(node, 'value_ints')?.ints?.map((v) => toNumber(v)) ?? (hasAttr(node, 'value_int') ? [intAttr(node, 'value_int', 0)] : null));
    if (ints && node.output?.[0]) values.set(node.output[0], ints);
  }
  return values;
}
