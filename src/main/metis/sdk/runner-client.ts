/**
 * Runs patches on the card through the runtime helper (a child process speaking runner-protocol.ts). Patches come in
 * the bundle's layout and are sent NHWC (the card's layout, metis.md); what the helper returns is the AIPU part's
 * outputs, which the postamble graph (operators the card does not run, at the end of the model: the compiler writes
 * them as an ONNX file) turns into the model's output, run here with ONNX Runtime. Without a postamble the helper's
 * single output is the model's output.
 *
 * A helper that fails says why in one line on stderr; that line becomes a UserError with what to do
 * (runtime-errors.ts). Requests are queued: one at a time on the pipe.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { UserError } from '../../../shared/errors';
import { nchwToNhwc } from '../layouts';
import { encodeRequest, readHello, StreamReader, type RunnerHello } from './runner-protocol';
import { explainRuntimeError } from './runtime-errors';

export interface RunnerOptions {
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** The layout of the patches given to run(); the helper takes NHWC. */
  layout: 'NCHW' | 'NHWC';
  /** The patch the bundle expects: the helper must agree. */
  expect: { height: number; width: number; channels: number };
  /** The compiled model's postamble ONNX file, when it has one. */
  postamble?: string | null;
  /** The postamble output to return (the bundle's output name); default its first output. */
  outputName?: string;
  /** How long loading the model on the card may take (a first connection uploads firmware); default 2 minutes. */
  loadTimeoutMs?: number;
}

export class RunnerError extends UserError {
  constructor(
    readonly kind: ReturnType<typeof explainRuntimeError>['kind'],
    message: string,
  ) {
    super(message);
  }
}

export class RunnerClient {
  private queue: Promise<unknown> = Promise.resolve();
  private stderr = '';
  private exited: string | null = null;

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
    private readonly reader: StreamReader,
    readonly hello: RunnerHello,
    private readonly options: RunnerOptions,
    private readonly postamble: InferenceSession | null,
  ) {}

  static async start(options: RunnerOptions): Promise<RunnerClient> {
    const child = spawn(options.command, [...options.args], { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const reader = new StreamReader(child.stdout);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-8192)));
    const started = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    try {
      await started;
      const limit = options.loadTimeoutMs ?? 120_000;
      let timer: NodeJS.Timeout | undefined;
      const hello = await Promise.race([
        readHello(reader),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new UserError(`the runtime helper did not load the model on the card within ${Math.round(limit / 1000)} s; power-cycle the machine if the card stopped answering`)), limit))),
      ]).finally(() => clearTimeout(timer));
      const { height, width, channels } = options.expect;
      if (hello.height !== height || hello.width !== width || hello.channels !== channels) {
        throw new UserError(`the compiled model takes ${hello.height} x ${hello.width} x ${hello.channels} patches, the bundle ${height} x ${width} x ${channels}: this deployment belongs to another bundle; deploy again`);
      }
      const postamble = options.postamble ? await InferenceSession.create(options.postamble, { intraOpNumThreads: 1 }) : null;
      if (!postamble && hello.outputs.length !== 1) throw new UserError(`the compiled model has ${hello.outputs.length} outputs and no postamble graph to combine them: deploy again`);
      const client = new RunnerClient(child, reader, hello, options, postamble);
      client.stderr = stderr;
      child.stderr.on('data', (d: Buffer) => (client.stderr = (client.stderr + d.toString('utf8')).slice(-8192)));
      child.once('exit', (code, signal) => (client.exited = signal ? `killed by ${signal}` : `exited with status ${code}`));
      return client;
    } catch (error) {
      child.kill('SIGKILL');
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
      if (error instanceof UserError) throw error;
      throw RunnerClient.failure(stderr, error);
    }
  }

  private static failure(stderr: string, error: unknown): RunnerError {
    const text = stderr.trim() || (error instanceof Error ? error.message : String(error));
    const explained = explainRuntimeError(text);
    return new RunnerError(explained.kind, `the card could not run the model: ${explained.message}; ${explained.remedy}`);
  }

  /** The model's output for n patches (n x K, row-major), patches in the bundle's layout. */
  run(patches: Float32Array, n: number): Promise<Float32Array> {
    const result = this.queue.then(() => this.runNow(patches, n));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(patches: Float32Array, n: number): Promise<Float32Array> {
    const { height: h, width: w, channels: c } = this.hello;
    if (patches.length !== n * h * w * c) throw new Error(`run: ${patches.length} values are not ${n} patches of ${h} x ${w} x ${c}`);
    if (this.exited) throw RunnerClient.failure(this.stderr, new Error(`the runtime helper ${this.exited}`));
    const nhwc = this.options.layout === 'NCHW' ? nchwToNhwc(patches, n, c, h, w) : patches;
    let outputs: Float32Array;
    try {
      this.child.stdin.write(encodeRequest(nhwc, n));
      if (!(await this.reader.magic('LCZR'))) throw new Error('the helper ended');
      const count = await this.reader.u32();
      if (count !== n) throw new Error(`the helper answered for ${count} patches, not ${n}`);
      outputs = await this.reader.floats(n * this.hello.outputs.reduce((s, o) => s + o.count, 0));
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the helper's last words arrive
      throw RunnerClient.failure(this.stderr, error);
    }
    return this.postamble ? this.runPostamble(outputs, n) : outputs;
  }

  /**
   * Splits the helper's outputs by name and runs the postamble graph on them: the whole batch in one run when every
   * input of the postamble has a free batch dimension, else patch by patch (a batch fixed at 1).
   */
  private async runPostamble(values: Float32Array, n: number): Promise<Float32Array> {
    const session = this.postamble!;
    const per = this.hello.outputs.reduce((s, o) => s + o.count, 0);
    const meta = new Map(session.inputMetadata.map((m) => [m.name, m.isTensor && m.shape.length > 0 ? m.shape : null] as const));
    for (const o of this.hello.outputs) {
      if (!meta.has(o.name)) throw new UserError(`the postamble graph has no input "${o.name}", which the compiled model outputs: deploy again`, this.options.postamble ?? undefined);
    }
    const batched = this.hello.outputs.every((o) => {
      const first = meta.get(o.name)?.[0];
      return first !== undefined && (typeof first !== 'number' || first < 0);
    });
    const rows = batched ? n : 1;
    const name = this.options.outputName ?? session.outputNames[0]!;
    const parts: Float32Array[] = [];
    for (let b0 = 0; b0 < n; b0 += rows) {
      const feeds: Record<string, Tensor> = {};
      let offset = 0;
      for (const o of this.hello.outputs) {
        // The declared shape with `rows` as its batch, when it holds the values; else [rows, count].
        const declared = meta.get(o.name)!;
        const shape = declared ? declared.map((d, i) => (i === 0 ? rows : typeof d === 'number' && d > 0 ? d : 1)) : null;
        const fits = shape !== null && shape.reduce((a, d) => a * d, 1) === rows * o.count;
        const data = new Float32Array(rows * o.count);
        for (let r = 0; r < rows; r++) data.set(values.subarray((b0 + r) * per + offset, (b0 + r) * per + offset + o.count), r * o.count);
        feeds[o.name] = new Tensor('float32', data, fits ? shape : [rows, o.count]);
        offset += o.count;
      }
      const out = await session.run(feeds, [name]);
      parts.push(out[name]!.data as Float32Array);
    }
    const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  }

  async close(): Promise<void> {
    await this.queue;
    if (!this.exited) {
      this.child.stdin.end(encodeRequest(new Float32Array(0), 0));
      await new Promise((resolve) => (this.child.exitCode !== null ? resolve(null) : this.child.once('exit', resolve)));
    }
    await this.postamble?.release();
  }
}
