/**
 * The call graph of a TensorFlow.js layers model (functional or Sequential), in an order where every layer call comes
 * after the calls producing its inputs. Each SymbolicTensor records the layer that produced it and the tensors that
 * layer was applied to, so walking back from the model's output reaches every call that matters, branches and merges
 * included, and nothing else. A layer applied twice (shared weights) appears as two calls.
 */
import type * as tfl from '@tensorflow/tfjs-layers';

export type Layer = tfl.layers.Layer;
export type SymbolicTensor = tfl.SymbolicTensor;

export interface LayerCall {
  layer: Layer;
  inputs: SymbolicTensor[];
  output: SymbolicTensor;
}

export interface ModelGraph {
  input: SymbolicTensor;
  output: SymbolicTensor;
  calls: LayerCall[];
}

/** An error about one layer of the model being exported: the message starts with its name and type. */
export class LayerExportError extends Error {
  constructor(
    readonly layerName: string,
    readonly layerClass: string,
    problem: string,
  ) {
    super(`cannot export layer "${layerName}" (${layerClass}): ${problem}`);
    this.name = 'LayerExportError';
  }
}

export function layerError(layer: Layer, problem: string): LayerExportError {
  return new LayerExportError(layer.name, layer.getClassName(), problem);
}

/** A layer's options as getConfig() serialises them (tuples as arrays, activations by name). */
export function layerConfig(layer: Layer): Record<string, unknown> {
  return layer.getConfig() as Record<string, unknown>;
}

const NESTED_MODELS = new Set(['Functional', 'Model', 'Sequential']);

export function modelGraph(model: tfl.LayersModel): ModelGraph {
  if (model.inputs.length !== 1) throw new Error(`the model has ${model.inputs.length} inputs; a patch classifier has one`);
  if (model.outputs.length !== 1) throw new Error(`the model has ${model.outputs.length} outputs; a patch classifier has one (class scores)`);
  const input = model.inputs[0]!;
  const output = model.outputs[0]!;
  const calls: LayerCall[] = [];
  const done = new Set<number>();
  // Iterative post-order walk: deep models (DenseNet) would make a recursive one needlessly deep.
  const stack: { tensor: SymbolicTensor; expanded: boolean }[] = [{ tensor: output, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const t = top.tensor;
    if (done.has(t.id)) continue;
    if (t.id === input.id) {
      done.add(t.id);
      continue;
    }
    const layer = t.sourceLayer;
    if (layer.getClassName() === 'InputLayer') throw new Error(`the output depends on an input "${layer.name}" other than the model's input`);
    if (!top.expanded) {
      stack.push({ tensor: t, expanded: true });
      for (const i of [...t.inputs].reverse()) if (!done.has(i.id)) stack.push({ tensor: i, expanded: false });
      continue;
    }
    if (NESTED_MODELS.has(layer.getClassName())) throw layerError(layer, 'a model used as a layer is not supported; build the model from its layers directly');
    if ((t.outputTensorIndex ?? 0) !== 0 || layer.inboundNodes.some((n) => n.outputTensors.length > 1)) throw layerError(layer, 'layers with several outputs are not supported');
    calls.push({ layer, inputs: [...t.inputs], output: t });
    done.add(t.id);
  }
  return { input, output, calls };
}
