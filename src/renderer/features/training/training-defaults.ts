import type { SettingsDraft } from './train-form';

/**
 * The form's starting values: the defaults of trainParamsSchema (a test keeps them equal), written out here so the
 * renderer never runs zod (its parser compiles code with new Function, which the CSP forbids).
 */
export const DEFAULT_SETTINGS: SettingsDraft = {
  epochs: '10',
  batchSize: '64',
  learningRate: '0.001',
  weightDecay: '0.0001',
  schedule: 'cosine',
  augment: true,
  validationShare: '10',
  maxPatches: '',
  normalisation: 'published',
  fusion: 'sum-rule',
  name: '',
};

/** Patches of a new synthetic So2Sat file: a few thousand are plenty for a demo (6,000 take about a minute). */
export const DEFAULT_SYNTHETIC_PATCHES = '4000';
