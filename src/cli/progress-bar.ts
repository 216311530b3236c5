import cliProgress from 'cli-progress';
import type { JobProgress } from '../shared/contract';

/** Live figures after the bar: "loss 0.812 · accuracy 71.2 % · 152 samples/s". */
export function formatMetrics(metrics: Record<string, number> | undefined): string {
  if (!metrics) return '';
  const parts: string[] = [];
  if (metrics.loss !== undefined) parts.push(`loss ${metrics.loss.toFixed(3)}`);
  if (metrics.accuracy !== undefined) parts.push(`accuracy ${(100 * metrics.accuracy).toFixed(1)} %`);
  if (metrics.samplesPerSecond !== undefined) parts.push(`${Math.round(metrics.samplesPerSecond)} samples/s`);
  if (metrics.patchesPerSecond !== undefined) parts.push(`${Math.round(metrics.patchesPerSecond)} patches/s`);
  return parts.join(' · ');
}

/** A progress bar on stderr for terminals; plain stage lines when stderr is a file or pipe. */
export function createProgressReporter(): { update(p: JobProgress): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let lastStage = '';
    return {
      update(p) {
        if (p.stage !== lastStage) process.stderr.write(`${p.stage}…\n`);
        lastStage = p.stage;
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: '{stage} [{bar}] {percentage}% {metrics}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const total = Math.max(p.total, 1);
      const payload = { stage: p.stage, metrics: formatMetrics(p.metrics) };
      if (!started) bar.start(total, p.done, payload);
      started = true;
      bar.setTotal(total);
      bar.update(p.done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
