/**
 * The architectures of LCZ Studio's model zoo (src/main/train/zoo builds them with TensorFlow.js): what the UI and the
 * command line show about each, as plain data with no TensorFlow.js import.
 */
export const ARCH_IDS = ['sen2lcz-net', 'resnet18', 'densenet', 'mobilenet', 'tiny-cnn', 'tiny-separable'] as const;
export type ArchId = (typeof ARCH_IDS)[number];

/** Plain data (no functions), so it can cross IPC to the UI as it is. */
export interface ArchitectureInfo {
  id: ArchId;
  /** Short name for the UI: "ResNet-18". */
  name: string;
  /** One or two sentences for the UI: what it is and what it is for. */
  description: string;
  /** Teachers are big and accurate (ensemble members); students are small enough for the edge device. */
  role: 'teacher' | 'student';
  /** Parameters (weights, biases and batch-norm statistics) at width 1 for 10 bands and 17 classes. */
  typicalParams: number;
  /** Where the design comes from. */
  reference: string;
}

/** In the order a UI lists them: teachers first, biggest first within a role. */
export const ARCHITECTURES: readonly ArchitectureInfo[] = [
  {
    id: 'resnet18',
    name: 'ResNet-18',
    description: 'Residual network with a stem for small patches; the backbone of the published So2Sat LCZ42 deep ensembles. Accurate, slow to train.',
    role: 'teacher',
    typicalParams: 11_191_185,
    reference: 'He et al. 2016; small-input stem as in the So2Sat LCZ42 ensembles',
  },
  {
    id: 'sen2lcz-net',
    name: 'Sen2LCZ-Net',
    description: 'CNN designed for Sentinel-2 LCZ patches: four levels of 3x3 convolutions whose features are fused by per-level heads. A strong, compact teacher.',
    role: 'teacher',
    typicalParams: 792_388,
    reference: 'Qiu et al. 2020, Sen2LCZ-Net-MF (depth 17, 16 filters)',
  },
  {
    id: 'densenet',
    name: 'DenseNet-BC-40',
    description: 'Densely connected CNN (growth rate 12, three dense blocks): few parameters for its accuracy, small enough to train on a CPU.',
    role: 'teacher',
    typicalParams: 183_653,
    reference: 'Huang et al. 2017, DenseNet-BC L=40 k=12 (CIFAR configuration)',
  },
  {
    id: 'mobilenet',
    name: 'MobileNet',
    description: 'Depthwise-separable student with ReLU6; the width multiplier trades accuracy for speed on edge devices.',
    role: 'student',
    typicalParams: 826_033,
    reference: 'Howard et al. 2017, MobileNet v1 (eight separable blocks for 32-pixel patches)',
  },
  {
    id: 'tiny-separable',
    name: 'Tiny separable CNN',
    description: 'A stem and three separable convolutions, about fourteen thousand parameters: a student for the smallest devices.',
    role: 'student',
    typicalParams: 13_633,
    reference: 'LCZ Studio',
  },
  {
    id: 'tiny-cnn',
    name: 'Tiny CNN',
    description: 'Three small convolutions and a linear head, a few thousand parameters: the smallest student, and a quick sanity check.',
    role: 'student',
    typicalParams: 7_265,
    reference: 'LCZ Studio',
  },
];

export function isArchId(id: string): id is ArchId {
  return (ARCH_IDS as readonly string[]).includes(id);
}

export function architecture(id: ArchId): ArchitectureInfo {
  const info = ARCHITECTURES.find((a) => a.id === id);
  if (!info) throw new Error(`unknown architecture "${String(id)}" (known: ${ARCH_IDS.join(', ')})`);
  return info;
}
