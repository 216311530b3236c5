/**
 * Plans a bundle from a bare ONNX file plus the user's answers: what the file says (layout, patch size, channels,
 * classes, output kind, batch), what the answers say (bands, normalisation, resolution, class values, which of
 * several outputs holds the class scores), and the questions still open, each with the answers that settle it and
 * why it is needed. Pure: no I/O, so a face can ask and plan again. It speaks of answers, never of a face's flags or
 * fields: each face words the questions its own way (the CLI maps answer keys to its flags).
 */
import { SO2SAT_S2_BANDS } from '../../shared/bands';
import { ALL_LCZ_VALUES, BUNDLE_SCHEMA_VERSION, MODEL_FILE, type BundleManifest } from '../../shared/bundle-manifest';
import type { ImportAnswerKey, ImportQuestion } from '../../shared/contract/bundles';
import { UserError } from '../../shared/errors';
import { formatDims, resolveSignature, type ClassifierSignature, type MissingAnswer, type SignatureResolution } from '../onnx/classifier-signature';
import type { ModelSummary } from '../onnx/inspect-model';
import { PRODUCER_NAME, producerVersion } from '../onnx/producer';
import { checkBandIds, checkClasses, defaultResolution, normalisationFor, type ImportAnswers } from './import-answers';

export type { ImportQuestion } from '../../shared/contract/bundles';

export interface ImportSource {
  /** The file as the user named it (shown in messages). */
  file: string;
  fileName: string;
  summary: ModelSummary;
  sha256: string;
}

export interface ImportPlan {
  signature: ClassifierSignature | null;
  /** What was decided and from where (the file, an answer, a default), one line each, for the user to check. */
  inferred: string[];
  missing: ImportQuestion[];
  /** Complete when nothing is missing. */
  manifest: BundleManifest | null;
}

/** The answers that settle each question: alternatives, each the answers to give together. */
const ANSWERED_BY: Record<ImportQuestion['key'], ImportAnswerKey[][]> = {
  output: [['output']],
  layout: [['layout']],
  patchSize: [['patchSize']],
  bands: [['bands'], ['so2sat']],
  normalisation: [['mean', 'std'], ['so2sat'], ['noNormalisation']],
  resolution: [['resolutionM']],
  classes: [['classes']],
};

const question = (key: ImportQuestion['key'], why: string): ImportQuestion => ({ key, answeredBy: ANSWERED_BY[key], why });

/** The signature's open questions (output, layout, patch size) are answered by the answers of the same name. */
const signatureQuestion = (m: MissingAnswer): ImportQuestion => question(m.what, m.why);

export function planImport(source: ImportSource, a: ImportAnswers, reproduce?: string): ImportPlan {
  const { summary } = source;
  const hintedChannels = a.bands?.length ?? (a.so2sat ? SO2SAT_S2_BANDS.length : undefined);
  let resolution: SignatureResolution = resolveSignature(summary, { layout: a.layout, patchSize: a.patchSize, output: a.output });
  if (resolution.missing.some((m) => m.what === 'layout') && hintedChannels !== undefined) {
    // The band count can settle a square case such as [N, 32, 32, 10] vs [N, 10, 32, 32] ... or [N, 10, 10, 10] not.
    resolution = resolveSignature(summary, { layout: a.layout, patchSize: a.patchSize, output: a.output, channels: hintedChannels });
  }
  const signature = resolution.signature;
  const missing: ImportQuestion[] = resolution.missing.map(signatureQuestion);
  const inferred: string[] = [];
  const input = summary.inputs[0]!;
  if (signature) {
    inferred.push(
      `input "${input.name}" ${formatDims(input.dims ?? [])}: ${signature.layout}, ${signature.channels} channels, ${signature.patchSize} x ${signature.patchSize} patches, ${signature.fixedBatch === null ? 'any batch size' : `fixed batch of ${signature.fixedBatch}`}`,
    );
    const kind = { logits: 'logits', probabilities: 'probabilities (ends in Softmax)', 'log-probabilities': 'log-probabilities (ends in LogSoftmax), used as logits' }[signature.outputKind];
    inferred.push(`output "${signature.outputName}" [N, ${signature.classes}]: ${signature.classes} classes, ${kind}`);
  }
  const channels = signature?.channels;

  let bands: string[] | null = null;
  if (a.bands) bands = checkBandIds(a.bands);
  else if (a.so2sat) bands = [...SO2SAT_S2_BANDS];
  if (bands && channels !== undefined && bands.length !== channels) {
    const what = a.bands ? `the band list names ${bands.length} bands` : `a So2Sat LCZ42 model reads the ${bands.length} So2Sat Sentinel-2 bands`;
    throw new UserError(`${what}, but this model takes ${channels} channels (input ${formatDims(input.dims ?? [])}, ${signature!.layout})`, source.file);
  }
  if (bands) inferred.push(`bands: ${bands.join(', ')}${a.bands ? '' : ' (So2Sat LCZ42 sen2)'}`);
  else missing.push(question('bands', `the model takes ${channels ?? 'several'} input channels; the file does not say which bands they are, in order`));

  const normalised = bands ? normalisationFor(bands, a) : null;
  if (normalised) inferred.push(`normalisation: ${a.noNormalisation ? 'none (mean 0, std 1)' : a.mean ? 'the mean and std given' : 'So2Sat LCZ42 published mean and std'}`);
  else if (!bands && (a.noNormalisation || (a.mean && a.std))) {
    // answered, but only usable once the bands are known
  } else missing.push(question('normalisation', 'how the model expects reflectances to be scaled is not in the file'));

  const resolutionM = a.resolutionM ?? (bands ? defaultResolution(bands) : null);
  if (a.resolutionM !== undefined && !(a.resolutionM > 0)) throw new UserError('the resolution must be a number of metres, more than 0');
  if (resolutionM !== null) inferred.push(`resolution: ${resolutionM} m${a.resolutionM === undefined ? ` (the default for ${resolutionM === 10 ? 'Sentinel-2' : 'Landsat'} bands)` : ''}`);
  else if (bands) missing.push(question('resolution', 'the bands come from more than one sensor, so the pixel size has no default'));

  let classes: number[] | null = null;
  if (signature) {
    if (a.classes) classes = checkClasses(a.classes, signature.classes);
    else if (signature.classes === 17) classes = [...ALL_LCZ_VALUES];
    if (classes) inferred.push(`classes: ${a.classes ? classes.join(', ') : 'LCZ 1-17, in order (the default for 17 outputs)'}`);
    else missing.push(question('classes', `the model outputs ${signature.classes} classes; which LCZ (1-17) each output is, in order, is not in the file`));
  }

  const temperature = a.temperature ?? 1;
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new UserError('the temperature must be a number more than 0');
  const name = a.name?.trim() || source.fileName.replace(/\.onnx$/i, '');
  inferred.push(`name: ${name}${a.name ? '' : ' (from the file name)'}`);

  if (missing.length > 0 || !signature || !bands || !normalised || resolutionM === null || !classes) return { signature, inferred, missing, manifest: null };
  const producer = `${summary.producer.name} ${summary.producer.version}`.trim();
  const logSoftmax = signature.outputKind === 'log-probabilities' ? '; its LogSoftmax output is used as logits (a softmax of log-probabilities gives the probabilities back exactly)' : '';
  const manifest: BundleManifest = {
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    name,
    description: a.description ?? summary.docString.slice(0, 4000),
    model: MODEL_FILE,
    input: { name: signature.inputName, layout: signature.layout, patchSize: signature.patchSize, resolutionM, fixedBatch: signature.fixedBatch },
    output: { name: signature.outputName, kind: signature.outputKind === 'probabilities' ? 'probabilities' : 'logits' },
    bands: normalised,
    classes,
    temperature,
    provenance: {
      createdAt: new Date().toISOString(),
      createdBy: producer || 'unknown (the file does not say)',
      method: `Imported from ${source.fileName} (ONNX opset ${summary.opset}) by ${PRODUCER_NAME} ${producerVersion()}${logSoftmax}`,
      source: `${source.fileName} sha256:${source.sha256}`,
      ...(reproduce ? { reproduce } : {}),
    },
    metrics: {},
  };
  return { signature, inferred, missing, manifest };
}

/** One message naming what is still missing and why, for an import asked for before its plan was complete. */
export function missingMessage(missing: readonly ImportQuestion[]): string {
  return `the file does not say everything a bundle needs: ${missing.map((q) => `${q.key} (${q.why})`).join('; ')}`;
}
