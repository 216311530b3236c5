/**
 * Reading what the compiler leaves behind (metis.md, "Compiling a model"): compilation_report.json with a status,
 * SUCCEEDED or the stage that failed, and the output tree: compiled_model/{model.json, manifest.json, ...} or, in
 * newer SDKs, a single <name>.axm. metis.md lists the status names; what each stage does is read from its name (the
 * ONNX graph cleaner, the quantisation tools, the TVM front end, the lowering passes), so the advice is ours.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const COMPILE_STATUSES = [
  'SUCCEEDED',
  'INITIALIZE_CLI_ERROR',
  'ONNX_GRAPH_CLEANER_ERROR',
  'QTOOLS_ERROR',
  'GRAPH_EXPORTER_ERROR',
  'TVM_FRONTEND_ERROR',
  'TOP_LEVEL_QUANTIZE_ERROR',
  'LOWER_FRONTEND_ERROR',
  'FRONTEND_TO_MIDEND_ERROR',
  'LOWER_MIDEND_ERROR',
  'MIDEND_TO_TIR_ERROR',
  'LOWER_TIR_ERROR',
  'TIR_TO_RUNTIME_ERROR',
  'TOP_LEVEL_LOWER_ERROR',
] as const;
export type CompileStatus = (typeof COMPILE_STATUSES)[number];

const LOWERING = 'the model could not be mapped onto the AIPU (a lowering pass failed: memory, tiling or an operator configuration the hardware cannot run)';
const LOWERING_REMEDY = 'look at the compatibility report for layers in the middle of the graph that are not documented for the AIPU; try --aipu-cores 1; if the model is within the rules, ask the Axelera community with compilation_log.txt';

/** What each failed stage means, and what to do. */
export const STATUS_ADVICE: Record<Exclude<CompileStatus, 'SUCCEEDED'>, { message: string; remedy: string }> = {
  INITIALIZE_CLI_ERROR: { message: 'the compiler refused its command line or configuration before starting', remedy: 'check that the SDK version matches LCZ Studio\'s compile script (compilation_log.txt names the option); update LCZ Studio or the SDK' },
  ONNX_GRAPH_CLEANER_ERROR: { message: 'the compiler could not clean up the ONNX graph', remedy: 're-export the model with opset 14 and static shapes (batch 1); the compatibility check lists layers the AIPU does not take' },
  QTOOLS_ERROR: { message: 'the quantisation tools failed', remedy: 'check the calibration patches (100-400 patches of the bundle\'s shape, normalised, without NaN) and the operators the compatibility check flags' },
  GRAPH_EXPORTER_ERROR: { message: 'the quantised graph could not be exported', remedy: 'look in compilation_log.txt for the layer named; replacing it with an operator the AIPU runs usually helps' },
  TVM_FRONTEND_ERROR: { message: 'the compiler\'s front end could not import the model: an operator or configuration it does not support', remedy: 'fix the layers the compatibility check flags (AIPU rules), or move them to the start or end of the network' },
  TOP_LEVEL_QUANTIZE_ERROR: { message: 'quantisation failed', remedy: 'check the calibration patches and the flagged operators; compilation_log.txt names the layer' },
  LOWER_FRONTEND_ERROR: { message: LOWERING, remedy: LOWERING_REMEDY },
  FRONTEND_TO_MIDEND_ERROR: { message: LOWERING, remedy: LOWERING_REMEDY },
  LOWER_MIDEND_ERROR: { message: LOWERING, remedy: LOWERING_REMEDY },
  MIDEND_TO_TIR_ERROR: { message: LOWERING, remedy: LOWERING_REMEDY },
  LOWER_TIR_ERROR: { message: LOWERING, remedy: LOWERING_REMEDY },
  TIR_TO_RUNTIME_ERROR: { message: 'the compiled kernels could not be packed for the runtime', remedy: LOWERING_REMEDY },
  TOP_LEVEL_LOWER_ERROR: { message: LOWERING, remedy: LOWERING_REMEDY },
};

export function isCompileStatus(value: unknown): value is CompileStatus {
  return typeof value === 'string' && (COMPILE_STATUSES as readonly string[]).includes(value);
}

/**
 * The status in a report. metis.md gives the values, not the key: a top-level "status" is taken first, then the
 * first string anywhere in the report that is one of the documented statuses.
 */
export function reportStatus(report: unknown): CompileStatus | null {
  if (report && typeof report === 'object' && isCompileStatus((report as Record<string, unknown>).status)) return (report as { status: CompileStatus }).status;
  const seen = [report];
  for (let i = 0; i < seen.length && i < 10_000; i++) {
    const v = seen[i];
    if (isCompileStatus(v)) return v;
    if (v && typeof v === 'object') seen.push(...Object.values(v as object));
  }
  return null;
}

export type CompileOutcome =
  | { ok: true; status: 'SUCCEEDED' }
  | { ok: false; status: CompileStatus | null; message: string; remedy: string };

/** A report's text -> the outcome; a report that is not JSON or names no status is a failure that says so. */
export function parseCompileReport(text: string, logTail = ''): CompileOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, status: null, message: 'compilation_report.json is not JSON (the compiler was interrupted?)', remedy: 'compile again; if it recurs, read compilation_log.txt' };
  }
  const status = reportStatus(json);
  if (status === 'SUCCEEDED') return { ok: true, status };
  if (status === null) return { ok: false, status, message: 'compilation_report.json names no status LCZ Studio knows (another SDK version?)', remedy: 'read compilation_log.txt; LCZ Studio knows the statuses of the SDKs metis.md describes' };
  const advice = STATUS_ADVICE[status];
  const tail = logTail.trim().split('\n').filter(Boolean).at(-1);
  return { ok: false, status, message: `the compile failed at ${status}: ${advice.message}${tail ? ` (${tail})` : ''}`, remedy: advice.remedy };
}

export interface CompiledModel {
  /** compiled_model/model.json, or the .axm file: what the runtime loads. */
  model: string;
  kind: 'model-json' | 'axm';
  manifest: string | null;
  /** The postamble ONNX graph, when the compiler wrote one (its file name is not documented: *postamble*.onnx). */
  postamble: string | null;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

/** Finds the compiled model in an output folder; null when there is none. */
export async function locateCompiledModel(outDir: string): Promise<CompiledModel | null> {
  const compiled = join(outDir, 'compiled_model');
  const names = await readdir(compiled).catch(() => [] as string[]);
  const postambleName = names.find((n) => /postamble.*\.onnx$/i.test(n));
  const postamble = postambleName ? join(compiled, postambleName) : null;
  if (await isFile(join(compiled, 'model.json'))) {
    const manifest = join(compiled, 'manifest.json');
    return { model: join(compiled, 'model.json'), kind: 'model-json', manifest: (await isFile(manifest)) ? manifest : null, postamble };
  }
  for (const dir of [outDir, compiled]) {
    const axm = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.axm')).sort()[0];
    if (axm) return { model: join(dir, axm), kind: 'axm', manifest: null, postamble };
  }
  return null;
}

/** The report and the end of the log of an output folder. */
export async function readCompileOutcome(outDir: string): Promise<CompileOutcome | null> {
  const report = await readFile(join(outDir, 'compilation_report.json'), 'utf8').catch(() => null);
  if (report === null) return null;
  const log = await readFile(join(outDir, 'compilation_log.txt'), 'utf8').catch(() => '');
  return parseCompileReport(report, log.slice(-4096));
}
