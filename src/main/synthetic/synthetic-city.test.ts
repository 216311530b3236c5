import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LCZ_CLASSES } from '../../shared/lcz-classes';
import { readLczMap } from '../raster/read-lcz-map';
import { gdalinfo, gdalMissing } from '../../../test/helpers/gdal';
import { syntheticCityClasses, syntheticCityMap } from './synthetic-city';

const root = resolve(import.meta.dirname, '..', '..', '..');
const committed = resolve(root, 'resources', 'demo', 'synthetic-city-lcz.tif');

/** Percent of cells per class value 0..17. */
function mix(classes: Uint8Array): number[] {
  const counts = new Array<number>(18).fill(0);
  for (const v of classes) counts[v]! += 1;
  return counts.map((c) => (100 * c) / classes.length);
}

describe('synthetic demo city', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = syntheticCityClasses({ seed: 42 }).classes;
    const b = syntheticCityClasses({ seed: 42 }).classes;
    const c = syntheticCityClasses({ seed: 43 }).classes;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('has the class mix of a plausible city in farmland', () => {
    for (const seed of [42, 1, 7]) {
      const p = mix(syntheticCityClasses({ seed }).classes);
      expect(p[0]).toBe(0); // no nodata
      // Every LCZ class appears: the demo shows the whole legend.
      for (const c of LCZ_CLASSES) expect(p[c.value], `LCZ ${c.code}`).toBeGreaterThan(0.1);
      const urban = p.slice(1, 11).reduce((s, v) => s + v, 0);
      expect(urban).toBeGreaterThan(10);
      expect(urban).toBeLessThan(35);
      // Farmland (D) dominates the countryside, then forest (A); the core is small.
      expect(Math.max(...p)).toBe(p[14]);
      expect(p[14]).toBeGreaterThan(40);
      expect(p[11]).toBeGreaterThan(5);
      expect(p[1]).toBeLessThan(p[2]! + p[5]!);
      expect(p[6]).toBeGreaterThan(p[1]!); // more suburb than high-rise core
      expect(p[17]).toBeGreaterThan(1); // the river and a reservoir
    }
  });

  it('puts the compact core near the centre and farmland at the edges', () => {
    const { width, classes } = syntheticCityClasses({ seed: 42 });
    const at = (x: number, y: number) => classes[y * width + x]!;
    const core = [];
    for (let y = 130; y < 170; y++) for (let x = 130; x < 170; x++) core.push(at(x, y));
    expect(core.filter((v) => v === 1 || v === 2).length).toBeGreaterThan(core.length * 0.3);
    const edge = [];
    for (let i = 0; i < width; i++) edge.push(at(i, 0), at(i, width - 1), at(0, i), at(width - 1, i));
    expect(edge.filter((v) => v > 10).length).toBeGreaterThan(edge.length * 0.85);
  });

  it('matches the committed demo product (regenerate with npx tsx scripts/make-demo-map.ts)', async () => {
    const read = await readLczMap(committed);
    const map = syntheticCityMap({ seed: 42 });
    expect([read.width, read.height]).toEqual([map.width, map.height]);
    expect(read.crs.epsg).toBe(32633);
    expect(read.geoTransform).toEqual(map.geoTransform);
    expect(Buffer.from(read.classes).equals(Buffer.from(map.classes))).toBe(true);
  });

  it.skipIf(gdalMissing)('says it is synthetic in its metadata, as GDAL reads it', () => {
    expect(gdalinfo(committed).metadata?.['']?.SYNTHETIC).toBe('YES');
  });
});
