/**
 * Does the model in a bundle take and give what its manifest says? A manifest that claims 10 bands for a model fed
 * 6 channels would only fail deep inside a mapping run (or, worse, run on the wrong bands), so readBundle and
 * writeBundle check names, layout, channels, patch size, batch, class count and output kind up front.
 */
import type { BundleManifest } from '../../shared/bundle-manifest';
import { formatDims } from '../onnx/classifier-signature';
import type { DeclaredDim, ModelSummary } from '../onnx/inspect-model';

const isSize = (d: DeclaredDim | undefined): d is number => typeof d === 'number' && d > 0;

/** Every way the model disagrees with the manifest, in plain words; empty when they agree. */
export function manifestMismatches(model: ModelSummary, manifest: BundleManifest): string[] {
  const problems: string[] = [];
  const { input, output } = manifest;
  const modelInput = model.inputs[0]!;
  if (modelInput.name !== input.name) problems.push(`the manifest names the input "${input.name}" but the model's input is "${modelInput.name}"`);
  const dims = modelInput.dims;
  if (modelInput.elementType !== 'float32') problems.push(`the model's input holds ${modelInput.elementType}, not float32`);
  if (!dims || dims.length !== 4) {
    problems.push(`the model's input has shape ${dims ? formatDims(dims) : 'undeclared'}, not a rank-4 batch of patches`);
  } else {
    const shown = `${formatDims(dims)} (${input.layout})`;
    const [c, h, w] = input.layout === 'NCHW' ? [dims[1], dims[2], dims[3]] : [dims[3], dims[1], dims[2]];
    const bands = manifest.bands.length;
    if (isSize(c) && c !== bands) problems.push(`the manifest lists ${bands} band${bands === 1 ? '' : 's'} but the model's input ${shown} takes ${c} channels`);
    if ([h, w].some((d) => isSize(d) && d !== input.patchSize)) problems.push(`the manifest says ${input.patchSize}-pixel patches but the model's input ${shown} takes ${h ?? '?'} x ${w ?? '?'}`);
    const batch = dims[0];
    if (isSize(batch) && batch !== input.fixedBatch) problems.push(`the model's input has a fixed batch of ${batch}, the manifest says ${input.fixedBatch ?? 'any batch'}`);
    if (!isSize(batch) && input.fixedBatch !== null) problems.push(`the manifest says a fixed batch of ${input.fixedBatch} but the model takes any batch`);
  }

  const modelOutput = model.outputs.find((o) => o.name === output.name);
  if (!modelOutput) {
    problems.push(`the manifest names the output "${output.name}" but the model's outputs are ${model.outputs.map((o) => `"${o.name}"`).join(', ')}`);
  } else {
    const k = modelOutput.dims?.[1];
    const classes = manifest.classes.length;
    if (modelOutput.dims?.length !== 2) problems.push(`the model's output has shape ${modelOutput.dims ? formatDims(modelOutput.dims) : 'undeclared'}, not [N, K] class scores`);
    else if (isSize(k) && k !== classes) problems.push(`the manifest lists ${classes} classes but the model outputs ${k} scores per patch`);
    // Softmax of probabilities (or no softmax of logits) would give plausible-looking but wrong numbers: refuse both.
    const softmax = modelOutput.producer === 'Softmax';
    if (softmax && output.kind === 'logits') problems.push('the manifest says the output is logits but the model ends in a Softmax (probabilities)');
    if (!softmax && output.kind === 'probabilities') problems.push(`the manifest says the output is probabilities but the model ends in ${modelOutput.producer ?? 'no op'}, not a Softmax`);
  }
  return problems;
}

/** What a bundle's model was trained on, as its provenance says. */
export type TrainingData = 'synthetic' | 'real' | 'unknown';

/**
 * From the bundle's provenance: "synthetic" when it names synthetic data (the demo bundle, LCZ Studio runs on the
 * synthetic So2Sat file, whose path and description say so), "real" for other data LCZ Studio trained or distilled on,
 * "unknown" for an imported model whose training data nobody recorded.
 */
export function trainingDataOf(manifest: BundleManifest): TrainingData {
  const { source = '', method } = manifest.provenance;
  if (/synthetic/i.test(`${source} ${method} ${manifest.description}`)) return 'synthetic';
  return /^(?:Trained|Distilled) by LCZ Studio\b|\bTrained by LCZ Studio\b/.test(method) ? 'real' : 'unknown';
}

/** Under this overall accuracy (as recorded when the model was evaluated), a model's maps are mostly wrong. */
export const POOR_RECORDED_OA = 0.5;

/** The accuracy a bundle records (its metrics' oa, else valAccuracy), or null when it records none. */
export function recordedAccuracy(manifest: BundleManifest): number | null {
  const oa = manifest.metrics.oa ?? manifest.metrics.valAccuracy;
  return oa === undefined ? null : oa;
}
