import cliProgress from 'cli-progress';
import type { JobProgress } from '../shared/contract';

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
    { format: '{stage} [{bar}] {percentage}%', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const total = Math.max(p.total, 1);
      if (!started) bar.start(total, p.done, { stage: p.stage });
      started = true;
      bar.setTotal(total);
      bar.update(p.done, { stage: p.stage });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
