/**
 * Can this bundle's model go on a Metis card? Checked before any compile, from the ONNX file alone, against
 * ../shared/docs/metis.md: batch 1 and static shapes, opset 14-17, every operator against the AIPU rules
 * (aipu-rules.ts) and where it would run (placement.ts), and the input channels the card pads. The report judges the
 * model as it will be compiled, i.e. after the fixes LCZ Studio applies itself (model-fixes.ts), and lists them.
 */
import type { CompatibilityIssue, CompatibilityReport } from '../../../shared/contract/metis';
import type { BundleManifest } from '../../../shared/bundle-manifest';
import { readBundle } from '../../bundles/bundle-io';
import { modelCost } from '../../onnx/model-cost';
import { nodeLabel } from '../../onnx/node-attributes';
import { decodedGraph, onnx } from '../../onnx/onnx-proto';
import { inspectModelBytes } from '../../onnx/inspect-model';
import { readModelBytes } from '../../onnx/read-model';
import { inferShapes } from '../../onnx/shape-inference';
import { inputDims, METIS_MAX_OPSET, METIS_MIN_OPSET } from './model-fixes';
import { placeNodes } from './placement';
import { applyFixes, wantedDims } from './prepare-model';

const issue = (severity: CompatibilityIssue['severity'], code: CompatibilityIssue['code'], node: string | null, message: string, remedy: string): CompatibilityIssue => ({ severity, code, node, message, remedy });

export const CHANNEL_NOTE =
  'the card pads input channels to a hardware multiple (the compiler\'s apply_pword_padding; the multiple is not documented, the SDK\'s example pads 3 RGB channels to 4) with the input zero point: nothing to do, the runtime helper pads them';

export function checkModel(bytes: Uint8Array, manifest: BundleManifest, file: string): CompatibilityReport {
  const summary = inspectModelBytes(bytes, file); // refuses opsets outside 13-17, several inputs, external weights
  const issues: CompatibilityIssue[] = [];
  const dims = summary.inputs[0]!.dims ?? [];
  const model = onnx.ModelProto.decode(bytes);
  const { fixes } = applyFixes(model, manifest);
  const original = inputDims(onnx.ModelProto.decode(bytes));

  if (fixes.includes('input-shape')) {
    const what = original[0] === 1 ? 'its input shape is not fully fixed' : typeof original[0] === 'number' ? `its batch is fixed at ${original[0]}` : `its batch is dynamic ("${original[0] ?? 'blank'}")`;
    issues.push(issue('info', original.slice(1).every((d) => typeof d === 'number') ? 'batch' : 'dynamic-shape', null, `the compiler takes batch 1 and static shapes; ${what}: LCZ Studio fixes the input at [${wantedDims(manifest).join(', ')}] (batch 1, the bundle's patch shape) before compiling`, 'nothing: the fix is checked with ONNX Runtime before the compile'));
  }
  if (summary.opset < METIS_MIN_OPSET) {
    issues.push(issue('info', 'opset', null, `opset ${summary.opset}; the Metis compiler supports 14-17 (14 best)`, 'nothing: opset 13 is declared as 14 (the operators that changed in 14 compute the same); or re-export with opset 14 (LCZ Studio\'s export takes an opset, 13-17)'));
  } else if (summary.opset > METIS_MAX_OPSET) {
    issues.push(issue('blocker', 'opset', null, `opset ${summary.opset}; the Metis compiler supports opsets up to ${METIS_MAX_OPSET}`, `re-export the model with opset ${METIS_MAX_OPSET} or lower (14 is the best supported)`));
  }
  if (fixes.includes('input-transpose')) {
    issues.push(issue('info', 'inputs', null, 'the model starts with a Transpose from its NHWC input to NCHW; the card takes NHWC input itself, so LCZ Studio removes the Transpose and compiles the NCHW graph', 'nothing'));
  }

  const graph = decodedGraph(model);
  const shapes = inferShapes(graph, { batch: 1 });
  // Outputs whose shape cannot be told at batch 1, or keep another batch: the batch size is built into the graph.
  const unknownOutputs = graph.output.filter((o) => shapes.get(o.name ?? '')?.[0] !== 1);
  if (unknownOutputs.length > 0) {
    issues.push(issue('warning', 'dynamic-shape', null, `the shapes of ${unknownOutputs.map((o) => o.name).join(', ')} cannot be told at batch 1 from the file; the graph may have its batch size built in, or use operators LCZ Studio cannot follow`, 'if the compile then fails, re-export with batch 1 and static shapes'));
  }
  const placed = placeNodes(graph, shapes);
  for (const { node, verdict, where } of placed) {
    const label = nodeLabel(node);
    if (where === 'host-preamble' || where === 'host-postamble') {
      issues.push(issue('info', 'operator', label, `${verdict.kind === 'aipu' || verdict.kind === 'unchecked' ? '' : `${verdict.reason}: `}runs on the host CPU ${where === 'host-preamble' ? 'before' : 'after'} the card (ONNX Runtime ${where === 'host-preamble' ? 'preamble' : 'postamble'})`, 'nothing: LCZ Studio runs it; it costs a little host time per batch'));
    } else if (verdict.kind === 'violation') {
      issues.push(issue('blocker', 'constraint', label, verdict.reason, verdict.remedy));
    } else if (verdict.kind === 'not-aipu') {
      issues.push(issue('warning', 'operator', label, `${verdict.reason}, and it sits in the middle of the graph: undocumented, the compile may fail`, 'move it to the start or end of the network, or replace it with an operator the AIPU runs (metis.md lists them)'));
    } else if (verdict.kind === 'unchecked') {
      issues.push(issue('warning', 'constraint', label, `${verdict.reason}: its AIPU constraint cannot be checked before compiling`, 'if the compile fails, look at this layer first'));
    }
  }
  const notes = new Map<string, string>();
  for (const { node, verdict, where } of placed) if (where === 'aipu' && verdict.kind === 'aipu' && verdict.note && node.opType !== 'Constant') notes.set(node.opType ?? '', verdict.note);
  for (const [op, note] of notes) issues.push(issue('info', 'operator', null, `${op}: ${note}`, 'nothing'));
  issues.push(issue('info', 'channels', null, `${manifest.bands.length} input channels: ${CHANNEL_NOTE}`, 'nothing'));

  const counts = new Map<string, { op: string; count: number; placement: CompatibilityReport['operators'][number]['placement'] }>();
  for (const { node, where } of placed) {
    const key = `${node.opType}/${where}`;
    const entry = counts.get(key) ?? { op: node.opType ?? '', count: 0, placement: where };
    entry.count++;
    counts.set(key, entry);
  }
  const blockers = issues.some((i) => i.severity === 'blocker');
  const warnings = issues.some((i) => i.severity === 'warning');
  const cost = modelCost(model);
  return {
    model: file,
    opset: summary.opset,
    input: { name: summary.inputs[0]!.name, dims, layout: manifest.input.layout, channels: manifest.bands.length },
    verdict: blockers ? 'incompatible' : warnings ? 'may-fail' : fixes.length > 0 ? 'fixable' : 'ready',
    issues,
    fixes,
    operators: [...counts.values()],
    host: {
      preamble: placed.filter((p) => p.where === 'host-preamble').map((p) => nodeLabel(p.node)),
      postamble: placed.filter((p) => p.where === 'host-postamble').map((p) => nodeLabel(p.node)),
    },
    channels: { count: manifest.bands.length, note: CHANNEL_NOTE },
    macs: cost.uncounted.length === 0 ? cost.macs : null,
  };
}

/** The report for a bundle folder (read and checked by bundles/bundle-io first). */
export async function checkBundle(dir: string): Promise<CompatibilityReport> {
  const bundle = await readBundle(dir);
  return checkModel(await readModelBytes(bundle.modelPath), bundle.manifest, bundle.modelPath);
}
