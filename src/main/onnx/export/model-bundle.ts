/**
 * A trained tf model as a model bundle: the ONNX export plus a complete manifest (what the export knows: input and
 * output names, layout, patch size; what the caller knows: bands and their normalisation, resolution, classes,
 * temperature, provenance, metrics), written atomically by bundle-io's writeBundle, which also checks that the two
 * agree.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { ALL_LCZ_VALUES, BUNDLE_SCHEMA_VERSION, MODEL_FILE, type BundleBand, type BundleDistillation, type BundleEnsemble, type BundleManifestInput } from '../../../shared/bundle-manifest';
import { writeBundle, type Bundle } from '../../bundles/bundle-io';
import { PRODUCER_NAME, producerVersion } from '../producer';
import { exportModel, type OnnxExportOptions } from './export-model';

export interface ModelBundleParts {
  name: string;
  description?: string;
  /** One per input channel, in the model's channel order, with the normalisation the model was trained with. */
  bands: BundleBand[];
  /** Ground sampling distance of the patches, metres (10 for So2Sat). */
  resolutionM: number;
  /** LCZ value (1-17) of each output; default 1-17 when the model has 17 outputs. */
  classes?: number[];
  /** Softmax temperature from calibration; default 1. */
  temperature?: number;
  provenance: {
    /** How the weights came to be, in a sentence: "ResNet-18 trained on So2Sat LCZ42 (culture-10), 30 epochs". */
    method: string;
    /** Compute backend used for training ("tfjs-wasm", "tfjs-cpu"). */
    backend?: string;
    seed?: number;
    source?: string;
    reproduce?: string;
    /** Default "LCZ Studio <version>". */
    createdBy?: string;
    /** Default now (ISO 8601). */
    createdAt?: string;
    /** A distilled student's teacher and settings. */
    distillation?: BundleDistillation;
  };
  metrics?: Record<string, number>;
  /** The ensemble the model was trained in, when it was. */
  ensemble?: BundleEnsemble;
  /** ONNX export options (opset, layout, tensor names). */
  export?: OnnxExportOptions;
}

export async function writeModelBundle(dir: string, model: tfl.LayersModel, parts: ModelBundleParts): Promise<Bundle> {
  const exported = exportModel(model, parts.export);
  if (exported.height !== exported.width) throw new Error(`bundles hold square patches; the model takes ${exported.height} x ${exported.width}`);
  if (parts.bands.length !== exported.channels) throw new Error(`${parts.bands.length} bands listed for a model of ${exported.channels} input channels`);
  const classes = parts.classes ?? (exported.classes === ALL_LCZ_VALUES.length ? [...ALL_LCZ_VALUES] : null);
  if (!classes) throw new Error(`the model has ${exported.classes} outputs: say which LCZ class each one is (classes)`);
  if (classes.length !== exported.classes) throw new Error(`${classes.length} classes listed for a model of ${exported.classes} outputs`);
  const { createdBy, createdAt, ...provenance } = parts.provenance;
  const manifest: BundleManifestInput = {
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    name: parts.name,
    description: parts.description ?? '',
    model: MODEL_FILE,
    input: { name: exported.inputName, layout: exported.layout, patchSize: exported.height, resolutionM: parts.resolutionM, fixedBatch: null },
    output: { name: exported.outputName, kind: exported.outputKind },
    bands: parts.bands,
    classes,
    temperature: parts.temperature ?? 1,
    provenance: { createdAt: createdAt ?? new Date().toISOString(), createdBy: createdBy ?? `${PRODUCER_NAME} ${producerVersion()}`, ...provenance },
    metrics: parts.metrics ?? {},
    ...(parts.ensemble ? { ensemble: parts.ensemble } : {}),
  };
  return writeBundle(dir, manifest, exported.bytes);
}
