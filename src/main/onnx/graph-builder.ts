/**
 * A small general ONNX writer on top of onnx-proto: declare inputs and outputs, add initializers and nodes of any op
 * with typed attributes, serialise. It knows no model architecture (see op-helpers.ts and conv-classifier.ts for that),
 * so it can also write graphs translated from other frameworks. Mistakes that would only surface later as an
 * onnxruntime or checker error (unknown tensor names, wrong initializer sizes, duplicate names) throw here, at the
 * line that made them.
 */
import { onnx, elementCode, type ElementType, type IAttributeProto, type IModelProto, type INodeProto, type ITensorProto, type IValueInfoProto } from './onnx-proto';
import { PRODUCER_NAME, producerVersion } from './producer';

/** A dimension: a fixed size, or a symbolic name such as "N" shared by tensors that must agree. */
export type Dim = number | string;

export type AttributeValue =
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'ints'; readonly value: readonly number[] }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'floats'; readonly value: readonly number[] }
  | { readonly type: 'string'; readonly value: string };

/** Attribute constructors: a JS number cannot say whether it is an int or a float attribute, so callers do. */
export const attr = {
  int: (value: number): AttributeValue => ({ type: 'int', value }),
  ints: (value: readonly number[]): AttributeValue => ({ type: 'ints', value }),
  float: (value: number): AttributeValue => ({ type: 'float', value }),
  floats: (value: readonly number[]): AttributeValue => ({ type: 'floats', value }),
  string: (value: string): AttributeValue => ({ type: 'string', value }),
};

export interface GraphBuilderOptions {
  /** Default-domain opset, 13 to 17 (what LCZ Studio reads); 13 by default, the widest supported. */
  opset?: number;
  graphName?: string;
  docString?: string;
  /** Default: the LCZ Studio version. */
  producerVersion?: string;
}

export interface NodeOptions {
  attributes?: Readonly<Record<string, AttributeValue>>;
  /** Output names; a number asks for that many fresh names. Default: one fresh name. */
  outputs?: readonly string[] | number;
  name?: string;
  domain?: string;
}

export const MIN_OPSET = 13;
export const MAX_OPSET = 17;
/** IR version 8 (ONNX 1.10-1.12) covers opsets 13-17 and is the newest onnx-proto 8 knows. */
const IR_VERSION = 8;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class OnnxGraphBuilder {
  readonly opset: number;
  private readonly inputs: IValueInfoProto[] = [];
  private readonly outputs: IValueInfoProto[] = [];
  private readonly valueInfos: IValueInfoProto[] = [];
  private readonly initializers: ITensorProto[] = [];
  private readonly nodes: INodeProto[] = [];
  private readonly metadataProps: { key: string; value: string }[] = [];
  /** Every tensor name defined so far (inputs, initializers, node outputs): nodes may only read these. */
  private readonly defined = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(private readonly options: GraphBuilderOptions = {}) {
    this.opset = options.opset ?? MIN_OPSET;
    if (!Number.isInteger(this.opset) || this.opset < MIN_OPSET || this.opset > MAX_OPSET) {
      throw new Error(`opset ${this.opset} is outside ${MIN_OPSET}-${MAX_OPSET}`);
    }
  }

  /** A name not used yet: prefix, prefix_1, prefix_2... */
  freshName(prefix: string): string {
    let n = this.counters.get(prefix) ?? 0;
    let name = n === 0 ? prefix : `${prefix}_${n}`;
    while (this.defined.has(name)) name = `${prefix}_${++n}`;
    this.counters.set(prefix, n + 1);
    return name;
  }

  input(name: string, type: ElementType, shape: readonly Dim[]): string {
    this.define(name);
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** Declares a graph output; a node must produce it before toModelProto(). */
  output(name: string, type: ElementType, shape: readonly Dim[]): string {
    if (this.outputs.some((o) => o.name === name)) throw new Error(`output ${name} declared twice`);
    this.outputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** Optional shape annotation of an intermediate tensor (helps viewers such as Netron; not needed by runtimes). */
  annotate(name: string, type: ElementType, shape: readonly Dim[]): void {
    this.valueInfos.push(valueInfo(name, type, shape));
  }

  initializer(name: string, data: Float32Array, dims: readonly number[]): string {
    checkSize(name, data.length, dims);
    this.define(name);
    const bytes = new Uint8Array(data.length * 4);
    if (LITTLE_ENDIAN) bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    else {
      const view = new DataView(bytes.buffer);
      data.forEach((v, i) => view.setFloat32(i * 4, v, true));
    }
    this.initializers.push({ name, dims: [...dims], dataType: elementCode('float32'), rawData: bytes });
    return name;
  }

  /** An int64 tensor, for shapes, axes and permutations fed as inputs (Reshape, opset 18+ reductions...). */
  int64Initializer(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    checkSize(name, values.length, dims);
    this.define(name);
    const bytes = new Uint8Array(values.length * 8);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => {
      if (!Number.isSafeInteger(v)) throw new Error(`${name}: ${v} is not an integer`);
      view.setBigInt64(i * 8, BigInt(v), true); // raw_data is little-endian by the ONNX spec
    });
    this.initializers.push({ name, dims: [...dims], dataType: elementCode('int64'), rawData: bytes });
    return name;
  }

  /** Adds a node of any op and returns its output names. An empty input name means an omitted optional input. */
  node(opType: string, inputs: readonly string[], options: NodeOptions = {}): string[] {
    for (const input of inputs) {
      if (input !== '' && !this.defined.has(input)) throw new Error(`${opType}: input ${input} is not defined yet`);
    }
    const wanted = options.outputs ?? 1;
    const outputs = typeof wanted === 'number' ? Array.from({ length: wanted }, () => this.freshName(opType.toLowerCase())) : [...wanted];
    for (const output of outputs) this.define(output);
    this.nodes.push({
      opType,
      input: [...inputs],
      output: outputs,
      name: options.name ?? this.freshName(`${opType}_node`),
      domain: options.domain ?? '',
      attribute: Object.entries(options.attributes ?? {}).map(([name, value]) => attribute(name, value)),
    });
    return outputs;
  }

  /** The single output of a node: the common case. */
  node1(opType: string, inputs: readonly string[], options: Omit<NodeOptions, 'outputs'> & { output?: string } = {}): string {
    return this.node(opType, inputs, { ...options, outputs: options.output ? [options.output] : 1 })[0]!;
  }

  metadata(key: string, value: string): this {
    this.metadataProps.push({ key, value });
    return this;
  }

  toModelProto(): IModelProto {
    for (const o of this.outputs) if (!this.defined.has(o.name!)) throw new Error(`output ${o.name} is not produced by any node`);
    if (this.inputs.length === 0) throw new Error('the graph has no inputs');
    return {
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: this.opset }],
      producerName: PRODUCER_NAME,
      producerVersion: this.options.producerVersion ?? producerVersion(),
      docString: this.options.docString ?? '',
      metadataProps: this.metadataProps,
      graph: {
        name: this.options.graphName ?? 'graph',
        input: this.inputs,
        output: this.outputs,
        initializer: this.initializers,
        node: this.nodes,
        valueInfo: this.valueInfos,
      },
    };
  }

  toBytes(): Uint8Array {
    return onnx.ModelProto.encode(onnx.ModelProto.fromObject(this.toModelProto())).finish();
  }

  private define(name: string): void {
    if (!name) throw new Error('tensor names must not be empty');
    if (this.defined.has(name)) throw new Error(`tensor name ${name} is used twice`);
    this.defined.add(name);
  }
}

function valueInfo(name: string, type: ElementType, shape: readonly Dim[]): IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: elementCode(type),
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, a: AttributeValue): IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case 'int':
      return { name, type: T.INT, i: checkInt(name, a.value) };
    case 'ints':
      return { name, type: T.INTS, ints: a.value.map((v) => checkInt(name, v)) };
    case 'float':
      return { name, type: T.FLOAT, f: a.value };
    case 'floats':
      return { name, type: T.FLOATS, floats: [...a.value] };
    case 'string':
      return { name, type: T.STRING, s: new TextEncoder().encode(a.value) };
  }
}

function checkInt(name: string, v: number): number {
  if (!Number.isSafeInteger(v)) throw new Error(`attribute ${name}: ${v} is not an integer`);
  return v;
}

function checkSize(name: string, length: number, dims: readonly number[]): void {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== length) throw new Error(`initializer ${name}: ${length} values for dims [${dims.join(', ')}] (${size})`);
}
