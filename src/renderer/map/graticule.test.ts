import { describe, expect, it } from 'vitest';
import { formatLat, formatLon, graticule, graticuleStep } from './graticule';

describe('graticuleStep', () => {
  it('gives a few lines across the smaller side of the view', () => {
    expect(graticuleStep({ west: -10, east: 10, south: 30, north: 50 })).toBe(5);
    expect(graticuleStep({ west: -1, east: -0.7, south: 41.5, north: 41.8 })).toBe(0.05);
    expect(graticuleStep({ west: -180, east: 180, south: -85, north: 85 })).toBe(30);
  });
});

describe('graticule', () => {
  it('draws lines at exact multiples of the step inside the box', () => {
    const { step, lines } = graticule({ west: -1, east: -0.7, south: 41.5, north: 41.8 });
    expect(step).toBe(0.05);
    const lons = lines.features.filter((f) => f.properties.kind === 'lon').map((f) => f.properties.value);
    const lats = lines.features.filter((f) => f.properties.kind === 'lat').map((f) => f.properties.value);
    expect(lons).toEqual([-1, -0.95, -0.9, -0.85, -0.8, -0.75, -0.7]);
    expect(lats).toEqual([41.5, 41.55, 41.6, 41.65, 41.7, 41.75, 41.8]);
    const first = lines.features[0];
    expect(first?.geometry.coordinates).toEqual([[-1, 41.5], [-1, 41.8]]);
    expect(first?.properties.label).toBe('1.00°W');
  });

  it('keeps latitude lines inside what Web Mercator can show', () => {
    const { lines } = graticule({ west: -180, east: 180, south: -90, north: 90 });
    const lats = lines.features.filter((f) => f.properties.kind === 'lat').map((f) => f.properties.value);
    expect(Math.max(...lats)).toBeLessThanOrEqual(85);
    expect(Math.min(...lats)).toBeGreaterThanOrEqual(-85);
  });
});

describe('labels', () => {
  it('names hemispheres and wraps longitudes past the antimeridian', () => {
    expect(formatLon(-0.9, 2)).toBe('0.90°W');
    expect(formatLon(190, 0)).toBe('170°W');
    expect(formatLon(0, 0)).toBe('0°');
    expect(formatLat(-33.5, 1)).toBe('33.5°S');
    expect(formatLat(41.65, 2)).toBe('41.65°N');
  });
});
