/**
 * Which channels of a network may go, whatever the network's format (a TensorFlow.js model: tfjs-channels.ts; an
 * ONNX graph: onnx-channels.ts). Every convolution is a *source* of channels (its filters); layers that work channel
 * by channel (batch norm, activations, pooling, depthwise convolutions, dropout) pass their input's channels on; a
 * concatenation lines its inputs' channels up; a layer that reads the channels (the next convolution, a dense head)
 * is *cut* along its input axis to match. So each tensor's channels are a list of (source, filter) references, and
 * removing a filter removes that channel wherever it flows.
 *
 * What constrains it: an element-wise merge (a residual Add) pairs channel i of one input with channel i of the
 * other, so the sources on both sides must lose the same filters; LCZ Studio keeps those sources whole instead (the
 * usual choice for residual networks: the convolutions inside each block are pruned, the residual stream is not).
 * So are sources whose channels reach the model's output, or pass through a layer this module does not know: each
 * kept-whole source records why, and the report says it.
 */

/** One channel of a tensor: filter `index` of source `source`. */
export interface ChannelRef {
  source: number;
  index: number;
}

/** A tensor's channels in order; null when nothing in it can be pruned (the model's input, a head's output...). */
export type Channels = readonly ChannelRef[] | null;

export interface Source {
  id: number;
  /** The layer (or ONNX node) whose filters these are. */
  name: string;
  filters: number;
  /** L1 norm of each filter's weights. */
  norms: Float64Array;
  /** Why its filters must all stay; null when they may go. */
  keptWhole: string | null;
}

/** A weight to cut along one axis: by the channels it reads (what remains of them), or by the filters its source keeps. */
export type Cut = { weight: string; axis: number; input: Channels; repeat?: number } | { weight: string; axis: number; source: number };

export class ChannelGraph {
  readonly sources: Source[] = [];
  readonly cuts: Cut[] = [];

  /** A convolution's filters: prunable unless `keptWhole` says why not. */
  source(name: string, norms: Float64Array, keptWhole: string | null = null): ChannelRef[] {
    const id = this.sources.length;
    this.sources.push({ id, name, filters: norms.length, norms, keptWhole });
    return Array.from(norms, (_, index) => ({ source: id, index }));
  }

  /** Keeps every source behind `channels` whole, for `why` (the first reason found is the one reported). */
  keepWhole(channels: Channels, why: string): void {
    for (const ref of channels ?? []) {
      const source = this.sources[ref.source]!;
      source.keptWhole ??= why;
    }
  }

  /**
   * An element-wise merge of tensors (Add, Average, Multiply): the same channels on every side pass; different ones
   * keep their sources whole. Returns the output's channels.
   */
  merge(inputs: readonly Channels[], what: string): Channels {
    const [first, ...rest] = inputs;
    if (first && rest.every((c) => c !== null && sameChannels(c, first))) return first;
    for (const c of inputs) this.keepWhole(c, `its output is merged element-wise with other channels in ${what}`);
    return inputs.find((c) => c !== null) ?? null;
  }

  /** Channels side by side (a concatenation on the channel axis). Null when any part is unknown. */
  concat(inputs: readonly Channels[], what: string): Channels {
    if (inputs.some((c) => c === null)) {
      for (const c of inputs) this.keepWhole(c, `it is concatenated in ${what} with channels of unknown origin`);
      return null;
    }
    return inputs.flatMap((c) => c!);
  }

  /**
   * A batch norm right after a source (its only reader) scales each filter's output by |gamma| / sqrt(var + eps):
   * the filter as the network applies it is the folded one, so its norm is scaled alike. Without this, a filter's
   * raw L1 norm says little, since the batch norm undoes any scale.
   */
  scaleNorms(channels: Channels, factors: ArrayLike<number>): void {
    const first = channels?.[0];
    if (!first || channels.length !== factors.length) return;
    const source = this.sources[first.source]!;
    if (channels.length !== source.filters || channels.some((ref, i) => ref.source !== first.source || ref.index !== i)) return;
    for (let i = 0; i < source.filters; i++) source.norms[i]! *= Math.abs(factors[i]!);
  }

  cutInput(weight: string, axis: number, input: Channels, repeat = 1): void {
    if (input) this.cuts.push({ weight, axis, input, repeat });
  }

  cutOutput(weight: string, axis: number, source: number): void {
    this.cuts.push({ weight, axis, source });
  }
}

function sameChannels(a: readonly ChannelRef[], b: readonly ChannelRef[]): boolean {
  return a.length === b.length && a.every((r, i) => r.source === b[i]!.source && r.index === b[i]!.index);
}

/** The filters each source keeps, sorted; a source missing from the map keeps all of them. */
export type Kept = ReadonlyMap<number, readonly number[]>;

/** The positions along a cut's axis that remain; null when all of them do. */
export function keptPositions(cut: Cut, kept: Kept): number[] | null {
  if ('source' in cut) return kept.has(cut.source) ? [...kept.get(cut.source)!] : null;
  const positions: number[] = [];
  const repeat = cut.repeat ?? 1;
  cut.input!.forEach((ref, i) => {
    const keep = kept.get(ref.source);
    if (keep && !keep.includes(ref.index)) return;
    for (let r = 0; r < repeat; r++) positions.push(i * repeat + r);
  });
  return positions.length === cut.input!.length * repeat ? null : positions;
}

/**
 * The values of a row-major array of `dims` that remain when only `keep` (sorted positions; null: all) stay along `axis`.
 */
export function take(values: Float32Array, dims: readonly number[], axis: number, keep: readonly number[] | null): { values: Float32Array; dims: number[] } {
  if (keep === null) return { values, dims: [...dims] };
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const length = dims[axis]!;
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(outer * keep.length * inner);
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (const k of keep) {
      const from = (o * length + k) * inner;
      out.set(values.subarray(from, from + inner), at);
      at += inner;
    }
  }
  return { values: out, dims: dims.map((d, i) => (i === axis ? keep.length : d)) };
}

/** L1 norm of each slice along `axis` (a filter's weights): for a conv kernel, the axis of its output channels. */
export function l1Norms(values: Float32Array, dims: readonly number[], axis: number): Float64Array {
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const length = dims[axis]!;
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const norms = new Float64Array(length);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < length; k++) {
      const from = (o * length + k) * inner;
      for (let i = from; i < from + inner; i++) norms[k]! += Math.abs(values[i]!);
    }
  }
  return norms;
}

/** What a batch norm multiplies each channel by: gamma / sqrt(variance + epsilon) (gamma null: 1 / sqrt(...)). */
export function batchNormScale(gamma: ArrayLike<number> | null, variance: ArrayLike<number>, epsilon: number): Float64Array {
  return Float64Array.from({ length: variance.length }, (_, i) => (gamma ? gamma[i]! : 1) / Math.sqrt(variance[i]! + epsilon));
}
