/**
 * The float model with the tensors to calibrate exposed as extra graph outputs, so one ONNX Runtime run returns
 * their values (what onnxruntime.quantization's calibraters call the augmented model). Outputs need a type, not a
 * shape: the tensors are float activations and ORT infers the rest. The graph input cannot also be an output, and
 * need not be: the caller measures it from the patches it feeds.
 */
import { DataType, decodedGraph, onnx, type ModelProto } from '../onnx-proto';

export function calibrationGraph(model: ModelProto, tensors: readonly string[], inputName: string): Uint8Array {
  const copy = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  const graph = decodedGraph(copy);
  const present = new Set(graph.output.map((o) => o.name));
  for (const name of tensors) {
    if (present.has(name) || name === inputName) continue;
    graph.output.push(onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: DataType.FLOAT } } }));
  }
  return onnx.ModelProto.encode(copy).finish();
}
