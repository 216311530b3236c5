/**
 * The knowledge-distillation loss (Hinton et al. 2015), as the published So2Sat distillation used it:
 *
 *   L = alpha * CE(student, label) + (1 - alpha) * T^2 * KL(softmax(teacher / T) || softmax(student / T))
 *
 * averaged over the batch (PyTorch: alpha * cross_entropy + (1 - alpha) * T^2 * kl_div(log_softmax(s / T),
 * softmax(t / T), reduction='batchmean')). T^2 keeps the soft part's gradient on the scale of the hard part's.
 *
 * Its gradient with respect to the student's logits is written out rather than left to autodiff: one expression,
 *   dL/ds = [alpha * (softmax(s) * sum(y) - y) + (1 - alpha) * T * (softmax(s / T) - softmax(t / T))] / n,
 * instead of the dozen intermediate tensors the taped log-softmaxes would keep for the backward pass.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface DistillLossSettings {
  /** T: softens both distributions (T = 1: the plain softmax). */
  temperature: number;
  /** Weight of the labels' cross-entropy; 1 - alpha goes to the teacher. */
  alpha: number;
}

export interface DistillLoss {
  /** L, the scalar training minimises (its gradient flows to the student's logits only). */
  loss: tf.Scalar;
  /** CE(student, label), batch mean. Kept out of any tidy: the caller disposes it (and soft). */
  hard: tf.Scalar;
  /** T^2 * KL(teacher || student) at temperature T, batch mean. */
  soft: tf.Scalar;
}

/**
 * The loss of a batch: `student` and `teacher` are n x K logits (the teacher's only up to a constant per row: any
 * log-probabilities do), `labels` n x K class distributions (one-hot or soft). Call inside a tidy or a gradient
 * computation; `hard` and `soft` are plain values (no gradient) that outlive it: dispose them.
 */
export function distillationLoss(student: tf.Tensor2D, labels: tf.Tensor2D, teacher: tf.Tensor2D, settings: DistillLossSettings): DistillLoss {
  const { temperature: T, alpha } = settings;
  if (!(T > 0) || !(alpha >= 0 && alpha <= 1)) throw new RangeError(`distillation needs T > 0 and alpha in [0, 1], not T = ${T}, alpha = ${alpha}`);
  if (student.shape.join() !== labels.shape.join() || student.shape.join() !== teacher.shape.join()) {
    throw new RangeError(`student [${student.shape}], labels [${labels.shape}] and teacher [${teacher.shape}] differ in shape`);
  }
  // Set by the forward pass below (customGrad returns one tensor: the loss).
  const parts: { hard?: tf.Scalar; soft?: tf.Scalar } = {};
  const withGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [s, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const n = s.shape[0];
    const logP = tf.logSoftmax(s);
    const logQ = tf.logSoftmax(tf.div(s, T) as tf.Tensor2D);
    const logPt = tf.logSoftmax(tf.div(teacher, T) as tf.Tensor2D);
    const pt = tf.exp(logPt);
    // Kept: the forward pass runs in a tidy of its own, which would dispose them with the intermediates.
    const hard = (parts.hard = tf.keep(tf.div(tf.neg(tf.sum(tf.mul(labels, logP))), n) as tf.Scalar));
    // sum p (log p - log q): log p is finite (a log-softmax), so a class the teacher rules out adds 0, as in kl_div.
    const soft = (parts.soft = tf.keep(tf.mul(tf.div(tf.sum(tf.mul(pt, tf.sub(logPt, logQ))), n), T * T) as tf.Scalar));
    const value = tf.add(tf.mul(hard, alpha), tf.mul(soft, 1 - alpha));
    save([tf.exp(logP), tf.exp(logQ), pt]);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [p, q, target] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const labelMass = tf.sum(labels, 1, true);
        const hardGrad = tf.sub(tf.mul(p, labelMass), labels);
        const softGrad = tf.mul(tf.sub(q, target), T);
        const grad = tf.div(tf.add(tf.mul(hardGrad, alpha), tf.mul(softGrad, 1 - alpha)), n);
        return [tf.mul(grad, dy as tf.Tensor)];
      },
    };
  });
  const loss = withGradient(student) as tf.Scalar;
  return { loss, hard: parts.hard!, soft: parts.soft! };
}

/** Argmax agreement of two n x K score arrays (the student's and the teacher's class of each patch): how many agree. */
export function agreements(a: tf.Tensor2D, b: tf.Tensor2D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(a, 1), tf.argMax(b, 1)), 'float32'));
}
