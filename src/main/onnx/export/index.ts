/** ONNX export of TensorFlow.js layers models (the zoo's and any built from the supported layers). */
export { exportModel, exportModelToOnnx, type ExportedModel, type OnnxExportOptions } from './export-model';
export { writeModelBundle, type ModelBundleParts } from './model-bundle';
export { SUPPORTED_LAYERS } from './converters';
export { SUPPORTED_ACTIVATIONS } from './activations';
export { LayerExportError } from './tf-graph';
