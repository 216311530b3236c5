/**
 * Calls an async function at most once per interval however often it is asked, one call at a time, and once more
 * after the last ask of a burst (so the final state is always fetched). Job updates arrive ten times a second;
 * runs/get is asked at most every 1.5 s.
 */
export interface Poller {
  /** Asks for a call: now if the interval has passed and none is under way, else as soon as it may. */
  request(): void;
  /** Calls now (after the one under way), whatever the interval: the end of a job. */
  flush(): Promise<void>;
  stop(): void;
}

export function createPoller(call: () => Promise<void>, intervalMs: number, now: () => number = () => Date.now()): Poller {
  let last = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | null = null;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const run = (): Promise<void> => {
    pending = false;
    last = now();
    running = call()
      .catch(() => undefined)
      .finally(() => {
        running = null;
        if (pending) schedule();
      });
    return running;
  };

  const schedule = () => {
    if (stopped || timer !== null || running) return;
    const wait = last + intervalMs - now();
    if (wait <= 0) {
      void run();
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      if (pending) schedule();
    }, wait);
  };

  return {
    request() {
      if (stopped) return;
      pending = true;
      schedule();
    },
    async flush() {
      if (stopped) return;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending = false;
      while (running) await running;
      await run();
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
