// The map as the user sees it: the pixels of MapLibre's WebGL canvas (kept after drawing: preserveDrawingBuffer),
// read back in the page. Drivers wait on what the canvas shows, never for a fixed time.
import type { Page } from './browser';

type Rgb = readonly [number, number, number];

/** What the page computes of the canvas: a checksum, or the number of pixels of one exact colour. */
type Probe = { kind: 'sum' } | { kind: 'count'; rgb: Rgb; tolerance?: number };

type CanvasWindow = Window & { lczReadCanvas?: (probe: Probe) => number; lczCanvasWait?: { sum: number; same: number; moved: boolean } };

// Runs in the page (again after a reload): puts there the reader of the canvas, a 2D copy then one pass over its
// pixels. Defined in place, not sent as text: the app's CSP forbids eval.
function installReader(): void {
  (window as CanvasWindow).lczReadCanvas ??= (probe: Probe): number => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="map"] canvas.maplibregl-canvas');
    if (!canvas || canvas.width === 0) return -1;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(canvas, 0, 0);
    const data = context.getImageData(0, 0, copy.width, copy.height).data;
    if (probe.kind === 'count') {
      const [r, g, b] = probe.rgb;
      const t = probe.tolerance ?? 0;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - r) <= t && Math.abs(data[i + 1]! - g) <= t && Math.abs(data[i + 2]! - b) <= t) n++;
      return n;
    }
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum = (sum * 31 + data[i]!) % 2_147_483_647;
    return sum;
  };
}

/**
 * How the canvas is watched: a look every 100 ms, and drawn once three looks in a row (200 ms) see the same pixels
 * (MapLibre paints a change in one frame). Not at every animation frame: each look copies the whole WebGL canvas
 * back from the GPU, which without one is Chromium's CPU, the CPU the specs and their jobs share.
 */
const POLL_MS = 100;
const STILL_LOOKS = 3;

export class MapCanvas {
  constructor(private readonly page: Page) {}

  /** Pixels painted exactly in this colour (an LCZ layer at full opacity paints its classes so), or within `tolerance` of it. */
  async countColour(rgb: Rgb, tolerance = 0): Promise<number> {
    await this.settled();
    return this.page.evaluate((probe) => (window as CanvasWindow).lczReadCanvas!(probe), { kind: 'count', rgb, tolerance } as Probe);
  }

  /**
   * Waits until at least `min` pixels are within `tolerance` of a colour (something loaded in the background, such as
   * basemap tiles, has been drawn) and returns how many there are then; on timeout, the count at that moment.
   */
  async waitForColour(rgb: Rgb, options: { tolerance?: number; min?: number; timeout?: number } = {}): Promise<number> {
    await this.page.evaluate(installReader);
    const probe: Probe = { kind: 'count', rgb, tolerance: options.tolerance ?? 0 };
    try {
      await this.page.waitForFunction(
        ({ probe, min }) => (window as CanvasWindow).lczReadCanvas!(probe) >= min,
        { probe, min: options.min ?? 1 },
        { polling: POLL_MS, timeout: options.timeout ?? 30_000 },
      );
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'TimeoutError') throw error;
    }
    return this.page.evaluate((p) => (window as CanvasWindow).lczReadCanvas!(p), probe);
  }

  /**
   * Waits until the canvas holds still (the same pixels over several looks) and returns its checksum;
   * with `changedFrom`, until it has first become different from that checksum. When no change comes within
   * `timeout`, it returns the unchanged checksum: the caller's assertion then says what is wrong.
   */
  async settled(changedFrom: number | null = null, timeout = 15_000): Promise<number> {
    await this.page.evaluate(installReader);
    try {
      const handle = await this.page.waitForFunction(
        ({ changed, still }) => {
          const page = window as CanvasWindow;
          const state = (page.lczCanvasWait ??= { sum: Number.NaN, same: 0, moved: changed === null });
          const sum = page.lczReadCanvas!({ kind: 'sum' });
          if (sum < 0) return null;
          if (sum !== changed) state.moved = true;
          state.same = sum === state.sum ? state.same + 1 : 0;
          state.sum = sum;
          return state.moved && state.same >= still ? sum : null;
        },
        { changed: changedFrom, still: STILL_LOOKS - 1 },
        { polling: POLL_MS, timeout },
      );
      return (await handle.jsonValue()) as number;
    } catch (error) {
      if (changedFrom === null || !(error instanceof Error) || error.name !== 'TimeoutError') throw error;
      return changedFrom;
    } finally {
      await this.page.evaluate(() => delete (window as CanvasWindow).lczCanvasWait);
    }
  }

  /** Runs a user action, then waits until the map has drawn what it changed (see settled). */
  async after(action: () => Promise<void>): Promise<void> {
    const before = await this.settled();
    await action();
    await this.settled(before);
  }

  /** A picture of the map, once it holds still. */
  async picture(): Promise<Buffer> {
    await this.settled();
    return this.page.getByTestId('map').screenshot();
  }
}
