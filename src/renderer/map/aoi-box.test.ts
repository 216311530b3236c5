import { describe, expect, it } from 'vitest';
import { boxOfRing, overhangs, ringOfBox, sameBox } from './aoi-box';

describe('the box of a rectangle drawn on the map', () => {
  it('takes the bounds of the ring in any corner order, rounded outwards to 1e-5 degrees', () => {
    // Dragged from the north-east corner to the south-west one, as Terra Draw gives it (closed ring).
    const ring = [[-34.861234, -7.981119], [-34.901119, -7.981119], [-34.901119, -8.019991], [-34.861234, -8.019991], [-34.861234, -7.981119]];
    expect(boxOfRing(ring)).toEqual({ west: -34.90112, south: -8.02, east: -34.86123, north: -7.98111 });
  });

  it('keeps a value already on the 1e-5 grid as it is', () => {
    expect(boxOfRing(ringOfBox({ west: 2.1, south: 41.35, east: 2.23, north: 41.45 }))).toEqual({ west: 2.1, south: 41.35, east: 2.23, north: 41.45 });
  });

  it('stops at the edge of the world, and refuses a rectangle with no area', () => {
    expect(boxOfRing([[170, 10], [195, 10], [195, 20], [170, 20]])).toEqual({ west: 170, south: 10, east: 180, north: 20 });
    expect(boxOfRing([[5, 10], [5, 10], [5, 10], [5, 10]])).toBeNull();
    expect(boxOfRing([[5, 10], [6, 10], [6, 10], [5, 10]])).toBeNull();
    expect(boxOfRing([])).toBeNull();
  });

  it('outlines a box as a closed ring, and compares boxes side by side', () => {
    expect(ringOfBox({ west: 1, south: 2, east: 3, north: 4 })).toEqual([[1, 2], [3, 2], [3, 4], [1, 4], [1, 2]]);
    expect(sameBox({ west: 1, south: 2, east: 3, north: 4 }, { west: 1, south: 2, east: 3, north: 4 })).toBe(true);
    expect(sameBox({ west: 1, south: 2, east: 3, north: 4 }, { west: 1, south: 2, east: 3, north: 5 })).toBe(false);
    expect(sameBox(null, undefined)).toBe(true);
    expect(sameBox(null, { west: 1, south: 2, east: 3, north: 4 })).toBe(false);
    expect(sameBox(null, null)).toBe(true);
  });

  it('tells a box that reaches past the scene cropped to it from one that lies on it', () => {
    // The scene cropped to a box holds every pixel the box touches: its bounds hold the box, or the box went past.
    const box = { west: -34.85, south: -8.0, east: -34.822, north: -7.97 };
    expect(overhangs(box, [-34.8501, -8.0002, -34.82197, -7.96988])).toBe(false);
    expect(overhangs(box, [-34.85, -8.0, -34.822, -7.97])).toBe(false);
    expect(overhangs(box, [-34.8501, -8.0002, -34.82597, -7.96988])).toBe(true);
    expect(overhangs(box, [-34.8501, -7.9999, -34.82197, -7.96988])).toBe(true);
  });
});
