/** The TensorFlow.js training engine's backend: choice, missing kernels, and the reference network. */
export { initTrainingBackend, type TrainingBackend, type TrainingBackendName, type TrainingBackendOptions } from './init-backend';
export { MISSING_KERNELS, registerTrainingKernels, trainingKernels } from './register-kernels';
export { buildReferenceNet, REFERENCE_NET } from './reference-net';
