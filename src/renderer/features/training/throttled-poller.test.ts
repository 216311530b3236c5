import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPoller } from './throttled-poller';

describe('createPoller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls at once, then at most once per interval, and once after the last request of a burst', async () => {
    const call = vi.fn(() => Promise.resolve());
    const poller = createPoller(call, 1500, () => Date.now());
    poller.request();
    expect(call).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(100);
      poller.request();
    }
    expect(call).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(call).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('never runs two calls at once, and flush calls now', async () => {
    let release: () => void = () => undefined;
    let active = 0;
    let most = 0;
    const call = vi.fn(() => {
      active++;
      most = Math.max(most, active);
      return new Promise<void>((resolve) => {
        release = () => {
          active--;
          resolve();
        };
      });
    });
    const poller = createPoller(call, 100, () => Date.now());
    poller.request();
    await vi.advanceTimersByTimeAsync(500);
    poller.request();
    await vi.advanceTimersByTimeAsync(500);
    expect(call).toHaveBeenCalledTimes(1);
    const flushed = poller.flush();
    release();
    await vi.advanceTimersByTimeAsync(0);
    release();
    await flushed;
    expect(most).toBe(1);
    expect(call.mock.calls.length).toBeGreaterThanOrEqual(2);
    poller.stop();
    poller.request();
    await vi.advanceTimersByTimeAsync(1000);
    const calls = call.mock.calls.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(call.mock.calls.length).toBe(calls);
  });
});
