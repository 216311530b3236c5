/**
 * Reads a model summary as a patch classifier: one rank-4 float32 input [N, C, S, S] or [N, S, S, C] and an output
 * [N, K] of class scores. Decides the layout from which dimension can be the channel count, the patch size from the
 * spatial dimensions, and whether the output is logits, probabilities (a final Softmax) or log-probabilities (a final
 * LogSoftmax). What the file leaves open (a square input like [N, 32, 32, 32], both spatial sizes symbolic, which of
 * several outputs holds the class scores) is returned as `missing` so a caller can ask; hints answer it.
 */
import { UserError } from '../../shared/errors';
import type { InputLayout } from './conv-classifier';
import { inspectModelFile, type DeclaredDim, type ModelSummary, type OutputSummary } from './inspect-model';

export type OutputKind = 'logits' | 'probabilities' | 'log-probabilities';

export interface SignatureHints {
  layout?: InputLayout;
  /** The channel count the caller expects (the number of bands). */
  channels?: number;
  patchSize?: number;
  /** The output holding the class scores, for a model with several outputs. */
  output?: string;
}

export interface ClassifierSignature {
  inputName: string;
  outputName: string;
  layout: InputLayout;
  channels: number;
  patchSize: number;
  /** The batch size when the model fixes one, null when any batch goes. */
  fixedBatch: number | null;
  classes: number;
  outputKind: OutputKind;
  /** The op that computes the output (looking through Identity/Reshape/Flatten/Squeeze). */
  outputOp: string | null;
}

export interface MissingAnswer {
  what: 'layout' | 'patchSize' | 'output';
  why: string;
}

export type SignatureResolution = { signature: ClassifierSignature; missing: [] } | { signature: null; missing: MissingAnswer[] };

interface Candidate {
  layout: InputLayout;
  channels: number;
  patchSize: number | null;
}

export function formatDims(dims: readonly DeclaredDim[]): string {
  return `[${dims.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

const isSize = (d: DeclaredDim): d is number => typeof d === 'number' && d > 0;

/** Resolves what the file says plus the hints; throws a UserError for models that are not patch classifiers. */
export function resolveSignature(summary: ModelSummary, hints: SignatureHints = {}): SignatureResolution {
  const file = summary.file;
  const input = summary.inputs[0]!;
  if (input.elementType !== 'float32') throw new UserError(`the input "${input.name}" holds ${input.elementType}; LCZ Studio feeds float32 patches`, file);
  if (!input.dims) throw new UserError(`the input "${input.name}" declares no shape; re-export it with a shape such as [N, C, 32, 32]`, file);
  if (input.dims.length !== 4) {
    throw new UserError(`the input "${input.name}" has shape ${formatDims(input.dims)} (rank ${input.dims.length}); LCZ Studio needs a rank-4 batch of patches, [N, C, H, W] or [N, H, W, C]`, file);
  }
  const [d0, ...rest] = input.dims as [DeclaredDim, DeclaredDim, DeclaredDim, DeclaredDim];
  const fixedBatch = isSize(d0) ? d0 : null;

  const rejected: string[] = [];
  const candidates: Candidate[] = [];
  for (const layout of hints.layout ? [hints.layout] : (['NCHW', 'NHWC'] as const)) {
    const result = candidate(layout, rest as [DeclaredDim, DeclaredDim, DeclaredDim], hints);
    if (typeof result === 'string') rejected.push(`as ${layout}: ${result}`);
    else candidates.push(result);
  }
  if (candidates.length === 0) throw new UserError(`cannot read the input ${formatDims(input.dims)} as a batch of square patches (${rejected.join('; ')})`, file);

  const output = classOutput(summary, fixedBatch, hints.output);
  const missing: MissingAnswer[] = 'why' in output ? [output] : [];
  if (candidates.length > 1) {
    missing.push({ what: 'layout', why: `the input is ${formatDims(input.dims)}: the channels could be dimension 1 (NCHW) or dimension 3 (NHWC)` });
  }
  const chosen = candidates[0]!;
  if (chosen.patchSize === null) missing.push({ what: 'patchSize', why: `both spatial sizes of the input ${formatDims(input.dims)} are left open` });
  if (missing.length > 0 || 'why' in output) return { signature: null, missing };
  return {
    signature: { inputName: input.name, fixedBatch, layout: chosen.layout, channels: chosen.channels, patchSize: chosen.patchSize!, ...output },
    missing: [],
  };
}

/** Like resolveSignature, but what is missing is an error too (for reading bundles and other non-interactive uses). */
export function classifierSignature(summary: ModelSummary, hints: SignatureHints = {}): ClassifierSignature {
  const resolved = resolveSignature(summary, hints);
  if (resolved.signature) return resolved.signature;
  const what = resolved.missing.every((m) => m.what === 'output') ? 'which output holds the class scores' : 'the patch shape';
  throw new UserError(`cannot tell ${what}: ${resolved.missing.map((m) => m.why).join('; ')}`, summary.file);
}

/** Reads an .onnx file as a patch classifier: every problem, including an open question, is a UserError naming it. */
export async function inspectClassifierFile(path: string, hints: SignatureHints = {}): Promise<{ summary: ModelSummary; signature: ClassifierSignature }> {
  const summary = await inspectModelFile(path);
  return { summary, signature: classifierSignature(summary, hints) };
}

function candidate(layout: InputLayout, [a, b, c]: [DeclaredDim, DeclaredDim, DeclaredDim], hints: SignatureHints): Candidate | string {
  const [ch, h, w] = layout === 'NCHW' ? [a, b, c] : [c, a, b];
  let channels: number;
  if (isSize(ch)) {
    if (hints.channels !== undefined && ch !== hints.channels) return `${ch} channels, not ${hints.channels}`;
    channels = ch;
  } else if (hints.channels !== undefined) channels = hints.channels;
  else return 'the channel count is not a fixed number';
  const sizes = [h, w].filter(isSize);
  if (sizes.length === 2 && sizes[0] !== sizes[1]) return `${h} x ${w} patches are not square`;
  const patchSize = sizes[0] ?? hints.patchSize ?? null;
  if (patchSize !== null && hints.patchSize !== undefined && patchSize !== hints.patchSize) return `${patchSize}-pixel patches, not ${hints.patchSize}`;
  return { layout, channels, patchSize };
}

/** Each output with its declared shape, for messages: "aux" [N, 17], "features" [N, 8, 32, 32]. */
const listOutputs = (summary: ModelSummary): string => summary.outputs.map((o) => `"${o.name}" ${o.dims ? formatDims(o.dims) : '(no declared shape)'}`).join(', ');

/**
 * The output holding the class scores: the one named, else the only one. Of several outputs none is guessed (the
 * first is often an auxiliary head or features): which one is a question for the user.
 */
function scoresOutput(summary: ModelSummary, named: string | undefined): OutputSummary | MissingAnswer {
  const { outputs, file } = summary;
  if (named !== undefined) {
    const found = outputs.find((o) => o.name === named);
    if (!found) throw new UserError(`the model has no output "${named}"; its outputs are ${listOutputs(summary)}`, file);
    return found;
  }
  if (outputs.length === 0) throw new UserError('the model has no outputs', file);
  if (outputs.length === 1) return outputs[0]!;
  return { what: 'output', why: `the model has ${outputs.length} outputs, ${listOutputs(summary)}: which one holds the class scores [N, K] is not in the file` };
}

function classOutput(summary: ModelSummary, fixedBatch: number | null, named: string | undefined): Pick<ClassifierSignature, 'outputName' | 'classes' | 'outputKind' | 'outputOp'> | MissingAnswer {
  const file = summary.file;
  const output = scoresOutput(summary, named);
  if ('why' in output) return output;
  const shape = output.dims ? formatDims(output.dims) : 'no declared shape';
  const notScores = `the output "${output.name}" has ${shape}; LCZ Studio needs class scores [N, K] (K classes)`;
  if (output.elementType !== 'float32') throw new UserError(`the output "${output.name}" holds ${output.elementType}; LCZ Studio needs float32 class scores`, file);
  if (!output.dims || output.dims.length !== 2) throw new UserError(notScores, file);
  const [n, k] = output.dims as [DeclaredDim, DeclaredDim];
  if (!isSize(k) || k < 2) throw new UserError(`${notScores}, with K a fixed number of at least 2`, file);
  if (isSize(n) && fixedBatch !== null && n !== fixedBatch) throw new UserError(`${notScores}: its batch ${n} differs from the input's ${fixedBatch}`, file);
  const axis = output.producerAxis;
  // Class scores sit on axis 1 of [N, K] (and of [N, K, 1, 1] before a Flatten); -1 is ONNX's default.
  const overClasses = axis === null || axis === -1 || axis === 1;
  let outputKind: OutputKind = 'logits';
  if (output.producer === 'Softmax' || output.producer === 'LogSoftmax') {
    if (!overClasses) throw new UserError(`the output "${output.name}" is a ${output.producer} over axis ${axis}, not over the classes`, file);
    outputKind = output.producer === 'Softmax' ? 'probabilities' : 'log-probabilities';
  }
  return { outputName: output.name, classes: k, outputKind, outputOp: output.producer };
}
