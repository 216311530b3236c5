// The distillation loss and its gradient against PyTorch's (cross_entropy + T^2 kl_div 'batchmean', autograd), in
// float64, on fixed logits: one-hot and soft labels, the published setting, alpha = 0 and 1, large logits.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTrainingBackend } from '../../../src/main/train/backend/init-backend';
import { agreements, distillationLoss } from '../../../src/main/train/distill/distill-loss';
import { mulberry32 } from '../../../src/main/synthetic/noise';
import { pythonJson, pythonMissing } from '../../helpers/python';

const K = 17;
const TOLERANCE = 1e-5;

const TORCH = `
import json, sys, torch
import torch.nn.functional as F
cases = json.load(sys.stdin)
out = []
for c in cases:
    n = len(c['student']) // ${K}
    s = torch.tensor(c['student'], dtype=torch.float64).reshape(n, ${K}).requires_grad_()
    y = torch.tensor(c['labels'], dtype=torch.float64).reshape(n, ${K})
    t = torch.tensor(c['teacher'], dtype=torch.float64).reshape(n, ${K})
    T, alpha = c['T'], c['alpha']
    hard = F.cross_entropy(s, y)
    soft = F.kl_div(F.log_softmax(s / T, dim=1), F.softmax(t / T, dim=1), reduction='batchmean') * T * T
    loss = alpha * hard + (1 - alpha) * soft
    loss.backward()
    out.append({'loss': loss.item(), 'hard': hard.item(), 'soft': soft.item(), 'grad': s.grad.reshape(-1).tolist()})
print(json.dumps(out))
`;

interface Case {
  name: string;
  student: number[];
  labels: number[];
  teacher: number[];
  T: number;
  alpha: number;
}

function logits(n: number, seed: number, scale: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n * K }, () => (random() * 2 - 1) * scale);
}

function oneHot(n: number, seed: number): number[] {
  const random = mulberry32(seed);
  const out = new Array<number>(n * K).fill(0);
  for (let i = 0; i < n; i++) out[i * K + Math.floor(random() * K)] = 1;
  return out;
}

/** Soft labels like the label-distribution subset's votes: a few classes sharing the mass. */
function votes(n: number, seed: number): number[] {
  const random = mulberry32(seed);
  const out = new Array<number>(n * K).fill(0);
  for (let i = 0; i < n; i++) {
    const a = Math.floor(random() * K);
    const b = (a + 1 + Math.floor(random() * (K - 1))) % K;
    const share = random();
    out[i * K + a] = share;
    out[i * K + b] = 1 - share;
  }
  return out;
}

const CASES: Case[] = [
  { name: 'published setting (T 3, alpha 0.7), one-hot', student: logits(8, 1, 4), labels: oneHot(8, 2), teacher: logits(8, 3, 6), T: 3, alpha: 0.7 },
  { name: 'soft labels, T 4, alpha 0.5', student: logits(6, 4, 3), labels: votes(6, 5), teacher: logits(6, 6, 5), T: 4, alpha: 0.5 },
  { name: 'soft targets only (alpha 0), T 1', student: logits(5, 7, 2), labels: oneHot(5, 8), teacher: logits(5, 9, 3), T: 1, alpha: 0 },
  { name: 'labels only (alpha 1)', student: logits(5, 10, 2), labels: oneHot(5, 11), teacher: logits(5, 12, 3), T: 3, alpha: 1 },
  { name: 'large logits (stability), T 2', student: logits(4, 13, 60), labels: oneHot(4, 14), teacher: logits(4, 15, 80), T: 2, alpha: 0.3 },
  { name: 'one patch, T 10', student: logits(1, 16, 5), labels: oneHot(1, 17), teacher: logits(1, 18, 5), T: 10, alpha: 0.7 },
];

interface Reference {
  loss: number;
  hard: number;
  soft: number;
  grad: number[];
}

/** Our loss on the wasm backend: its value, its parts, and its gradient by tfjs autodiff (our gradFunc). */
function ours(c: Case): Reference {
  const n = c.student.length / K;
  // A variable holding the student's logits, the way a model's output depends on its weights.
  const student = tf.variable(tf.tensor2d(c.student, [n, K]), true);
  try {
    return tf.tidy(() => {
      const labels = tf.tensor2d(c.labels, [n, K]);
      const teacher = tf.tensor2d(c.teacher, [n, K]);
      const settings = { temperature: c.T, alpha: c.alpha };
      const { value, grads } = tf.variableGrads(() => {
        const { loss, hard, soft } = distillationLoss(student as tf.Tensor2D, labels, teacher, settings);
        tf.dispose([hard, soft]);
        return loss;
      }, [student]);
      const parts = distillationLoss(student as tf.Tensor2D, labels, teacher, settings);
      const [hard, soft] = [parts.hard.dataSync()[0]!, parts.soft.dataSync()[0]!];
      tf.dispose([parts.hard, parts.soft]);
      return { loss: value.dataSync()[0]!, hard, soft, grad: Array.from(grads[student.name]!.dataSync()) };
    });
  } finally {
    student.dispose();
  }
}

const skip = pythonMissing('torch');

describe.skipIf(skip)('distillation loss against PyTorch', () => {
  let reference: Reference[];
  beforeAll(async () => {
    await initTrainingBackend({ threads: 1, prefer: 'wasm' });
    reference = pythonJson<Reference[]>(TORCH, JSON.stringify(CASES));
  });

  for (const [i, c] of CASES.entries()) {
    it(`value and gradient: ${c.name}`, () => {
      expect(tf.getBackend()).toBe('wasm');
      const got = ours(c);
      const want = reference[i]!;
      expect(Math.abs(got.loss - want.loss), `loss ${got.loss} vs ${want.loss}`).toBeLessThan(TOLERANCE * Math.max(1, Math.abs(want.loss)));
      expect(Math.abs(got.hard - want.hard), `hard ${got.hard} vs ${want.hard}`).toBeLessThan(TOLERANCE * Math.max(1, Math.abs(want.hard)));
      expect(Math.abs(got.soft - want.soft), `soft ${got.soft} vs ${want.soft}`).toBeLessThan(TOLERANCE * Math.max(1, Math.abs(want.soft)));
      expect(got.grad).toHaveLength(want.grad.length);
      const worst = Math.max(...got.grad.map((g, k) => Math.abs(g - want.grad[k]!)));
      expect(worst, 'largest gradient difference').toBeLessThan(TOLERANCE);
      // The gradient is not trivially small: a wrong one would show.
      expect(Math.max(...want.grad.map(Math.abs))).toBeGreaterThan(1e-3);
    });
  }

  it('counts argmax agreements', () => {
    const a = tf.tensor2d([[1, 2, 0], [5, 1, 1], [0, 0, 3]]);
    const b = tf.tensor2d([[0, 9, 1], [0, 1, 2], [1, 0, 7]]);
    expect(agreements(a, b).dataSync()[0]).toBe(2);
  });
});
