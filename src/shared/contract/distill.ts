/**
 * The distill job: a teacher (training runs and bundles), a student (a zoo architecture, or a named preset) and the
 * distillation settings. The job resolves the teacher into bundles and the preset into training settings, and trains
 * the student as a training run (TrainParams with distillation): progress, cancel, resume and curves are the run's.
 */
import { z } from 'zod';
import type { ArchId } from '../architectures';
import { TEACHER_FUSIONS } from './distill-settings';
import { memberSpecSchema, type InputMode } from './training';

export * from './distill-settings';

const path = z.string().min(1).max(4096);

export const STUDENT_PRESET_IDS = ['resnet18-published', 'mobilenet-compact', 'tiny'] as const;
export type StudentPresetId = (typeof STUDENT_PRESET_IDS)[number];

/** A student with its training settings, named for what it is. */
export interface StudentPreset {
  id: StudentPresetId;
  /** What the UI and `lcz distill --help` show. */
  name: string;
  description: string;
  student: { arch: ArchId; inputs: InputMode; width: number };
  /**
   * Parameters of the student for the 10 Sentinel-2 bands and 17 classes (weights, biases and batch-norm statistics,
   * as the ONNX export counts them): computed by building the model (test/train/distill/students.test.ts checks it).
   */
  parameters: number;
  training: { epochs: number; learningRate: number; weightDecay: number; schedule: 'cosine' | 'constant'; batchSize: number };
  temperature: number;
  alpha: number;
}

export const STUDENT_PRESETS: readonly StudentPreset[] = [
  {
    id: 'resnet18-published',
    name: 'ResNet-18 student (published setting)',
    description: 'The So2Sat distillation as published: a ResNet-18 from scratch on all 10 bands, AdamW lr 2e-4, weight decay 1e-4, cosine schedule, 30 epochs, T = 3, alpha = 0.7, teacher logits averaged. As big as one teacher member: for accuracy, not size.',
    student: { arch: 'resnet18', inputs: 'all', width: 1 },
    parameters: 11_191_185,
    training: { epochs: 30, learningRate: 2e-4, weightDecay: 1e-4, schedule: 'cosine', batchSize: 64 },
    temperature: 3,
    alpha: 0.7,
  },
  {
    id: 'mobilenet-compact',
    name: 'Compact MobileNet 0.5x',
    description: 'MobileNet v1 at half width on all 10 bands: about a fiftieth of a ResNet-18, for edge accelerators. AdamW lr 1e-3, weight decay 1e-4, cosine, 30 epochs, T = 3, alpha = 0.7.',
    student: { arch: 'mobilenet', inputs: 'all', width: 0.5 },
    parameters: 217_953,
    training: { epochs: 30, learningRate: 1e-3, weightDecay: 1e-4, schedule: 'cosine', batchSize: 64 },
    temperature: 3,
    alpha: 0.7,
  },
  {
    id: 'tiny',
    name: 'Tiny CNN, tens of thousands of parameters',
    description: 'The tiny CNN at width 2 on all 10 bands: tens of thousands of parameters, for the smallest devices. AdamW lr 3e-3, weight decay 1e-4, cosine, 30 epochs, T = 3, alpha = 0.7.',
    student: { arch: 'tiny-cnn', inputs: 'all', width: 2 },
    parameters: 26_033,
    training: { epochs: 30, learningRate: 3e-3, weightDecay: 1e-4, schedule: 'cosine', batchSize: 64 },
    temperature: 3,
    alpha: 0.7,
  },
];

export function studentPreset(id: StudentPresetId): StudentPreset {
  return STUDENT_PRESETS.find((p) => p.id === id)!;
}

/**
 * A distillation job. Settings left out come from the preset when there is one, else from the defaults (T = 3,
 * alpha = 0.7, and the training defaults of a run).
 */
export const distillParamsSchema = z
  .object({
    /** Training run folders (their members' bundles) and bundle folders, any mix: together they are the teacher. */
    teacher: z.array(path).min(1).max(30),
    /** The student; with a preset, the preset's (architecture, inputs and width as the preset has them: only the seed may differ). */
    student: memberSpecSchema.optional(),
    preset: z.enum(STUDENT_PRESET_IDS).nullable().default(null),
    train: path,
    test: path.nullable().default(null),
    temperature: z.number().finite().positive().max(100).optional(),
    alpha: z.number().min(0).max(1).optional(),
    fusion: z.enum(TEACHER_FUSIONS).default('logits'),
    epochs: z.number().int().min(1).max(500).optional(),
    batchSize: z.number().int().min(4).max(1024).optional(),
    learningRate: z.number().positive().max(1).optional(),
    weightDecay: z.number().min(0).max(1).optional(),
    schedule: z.enum(['cosine', 'constant']).optional(),
    validationShare: z.number().min(0.01).max(0.5).default(0.1),
    maxPatches: z.number().int().positive().nullable().default(null),
    augment: z.boolean().default(true),
    normalisation: z.enum(['published', 'file']).default('published'),
    /** The run folder; the app leaves it out and gets a new one in the workspace's runs. */
    runDir: path.optional(),
    name: z.string().min(1).max(200).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.student && !p.preset) ctx.addIssue({ code: 'custom', path: ['student'], message: 'give a student (an architecture of the zoo) or a preset' });
    if (p.student && p.preset) {
      const { arch, inputs, width } = studentPreset(p.preset).student;
      if (p.student.arch !== arch || p.student.inputs !== inputs || p.student.width !== width) {
        ctx.addIssue({ code: 'custom', path: ['student'], message: `the preset "${p.preset}" is ${arch}:${inputs} at width ${width}; leave the student out (or give only its seed), or leave the preset out` });
      }
    }
  });
export type DistillParams = z.infer<typeof distillParamsSchema>;
export type DistillParamsInput = z.input<typeof distillParamsSchema>;
