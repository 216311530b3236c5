/**
 * Reads an .onnx file into an onnx-proto ModelProto, turning the ways a file can fail to be a model into UserErrors
 * that name the file: missing, a folder, a FIFO or device (files/input-file.ts), empty, not protobuf at all, or a
 * model cut short (an interrupted copy or download is the usual cause, and the fix differs from "this is not a model").
 */
import { UserError } from '../../shared/errors';
import { readRegularFile } from '../files/input-file';
import { onnx, decodedGraph, toNumber, type ModelProto } from './onnx-proto';

export function readModelBytes(path: string): Promise<Uint8Array> {
  return readRegularFile(path, { what: 'an ONNX model file', missing: 'the file does not exist' });
}

/**
 * ONNX writers put ir_version (field 1, a small varint) first: a file that starts so but does not decode was an ONNX
 * file once, and has been cut short or damaged.
 */
function startsLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x08 && bytes[1]! >= 3 && bytes[1]! <= 20;
}

export function decodeModel(bytes: Uint8Array, file: string): ModelProto {
  if (bytes.length === 0) throw new UserError('the file is empty, not an ONNX model', file);
  const truncated = 'the ONNX file is truncated or damaged (it ends in the middle of the model); copy or export it again';
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch {
    throw new UserError(startsLikeOnnx(bytes) ? truncated : 'not an ONNX model file (it does not decode as an ONNX protobuf)', file);
  }
  // Random bytes sometimes decode as a protobuf of unknown fields: a model has a version and a graph.
  if (toNumber(model.irVersion) <= 0 || !model.graph) throw new UserError(startsLikeOnnx(bytes) ? truncated : 'not an ONNX model file (no ONNX graph in it)', file);
  const graph = decodedGraph(model);
  if (graph.output.length === 0 || graph.node.length === 0) throw new UserError(`${truncated} (the graph has no nodes or outputs)`, file);
  return model;
}

export async function readModel(path: string): Promise<{ bytes: Uint8Array; model: ModelProto }> {
  const bytes = await readModelBytes(path);
  return { bytes, model: decodeModel(bytes, path) };
}
