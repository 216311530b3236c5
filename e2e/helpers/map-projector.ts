// Where a lon/lat is on the screen, read as a person would: from the status bar's cursor position.
import type { Page } from './browser';

/** Screen position of a lon/lat, from two readings of the status bar's cursor position (see calibrate). */
export type Projector = (lon: number, lat: number) => { x: number; y: number };

/**
 * How lon/lat maps to the screen now: the mouse goes to two points of the map and the status bar says where each
 * is (to 1e-5 degrees); over a few kilometres Web Mercator is linear to well under a pixel.
 */
export async function calibrate(page: Page): Promise<Projector> {
  const box = (await page.getByTestId('map').boundingBox())!;
  const read = async (x: number, y: number, before: string) => {
    await page.mouse.move(x, y);
    // The status bar follows the mouse a render later: wait for the new position, not the last one.
    const text = await page.waitForFunction(
      (previous) => {
        const t = document.querySelector('[data-testid="status-coords"]')?.textContent ?? '';
        return /lon -?\d/.test(t) && t !== previous ? t : null;
      },
      before,
      { timeout: 5000 },
    );
    const reading = (await text.jsonValue()) as string;
    const [lon, lat] = reading.match(/-?\d+\.\d+/g)!.map(Number);
    return { x, y, lon: lon!, lat: lat!, reading };
  };
  const a = await read(box.x + box.width * 0.25, box.y + box.height * 0.25, ((await page.getByTestId('status-coords').textContent()) ?? '').trim());
  const b = await read(box.x + box.width * 0.75, box.y + box.height * 0.75, a.reading);
  return (lon, lat) => ({ x: a.x + ((lon - a.lon) / (b.lon - a.lon)) * (b.x - a.x), y: a.y + ((lat - a.lat) / (b.lat - a.lat)) * (b.y - a.y) });
}

/** Throws, naming what is there, unless the screen point is over the map's own canvas (not a button or a panel on it). */
export async function assertOverMap(page: Page, x: number, y: number, what: string): Promise<void> {
  const over = await page.evaluate(([px, py]) => {
    const el = document.elementFromPoint(px!, py!);
    return el?.matches('[data-testid="map"] canvas.maplibregl-canvas') ? null : (el?.outerHTML.slice(0, 80) ?? 'nothing');
  }, [x, y]);
  if (over !== null) throw new Error(`${what}, at (${Math.round(x)}, ${Math.round(y)}), is not over the map but over ${over}`);
}
