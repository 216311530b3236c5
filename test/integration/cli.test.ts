import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const data = resolve(root, '..', 'shared', 'data');
const hasData = existsSync(data);
const hasGdal = existsSync('/usr/bin/gdalinfo');
if (!hasData) console.warn('../shared/data is absent: CLI tests on real rasters are skipped.');

function lcz(...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'bin', 'lcz.mjs'), ...args], { encoding: 'utf8', timeout: 120_000 });
}

const temp = mkdtempSync(join(tmpdir(), 'lcz-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('lcz command line', () => {
  it('has --help for every command', () => {
    const top = lcz('--help');
    expect(top.status).toBe(0);
    for (const command of ['info', 'export-map', 'map', 'evaluate', 'demo', 'import-model', 'serve']) {
      expect(top.stdout).toContain(command);
      const help = lcz(command, '--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toContain(`Usage: lcz ${command}`);
    }
  });

  it.skipIf(!hasData || !hasGdal)('info --json prints exactly one JSON object that agrees with gdalinfo', () => {
    for (const file of readdirSync(data).filter((f) => f.endsWith('.tif'))) {
      const path = join(data, file);
      const run = lcz('info', '--json', path);
      expect(run.status, run.stderr).toBe(0);
      const info = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(Object.keys(info).sort()).toEqual(['bandStats', 'bands', 'crs', 'dtype', 'geoTransform', 'height', 'nodata', 'width']);
      const gdal = JSON.parse(execFileSync('/usr/bin/gdalinfo', ['-json', path], { encoding: 'utf8' })) as {
        size: [number, number];
        bands: { type: string }[];
        geoTransform: number[];
      };
      expect([info.width, info.height]).toEqual(gdal.size);
      expect(info.bands).toBe(gdal.bands.length);
      expect(info.dtype).toBe(gdal.bands[0]!.type);
      (info.geoTransform as number[]).forEach((v, i) => expect(v).toBeCloseTo(gdal.geoTransform[i]!, 9));
    }
  });

  it('says which file is wrong and exits non-zero', () => {
    const bogus = join(temp, 'bogus.tif');
    writeFileSync(bogus, 'not a tiff');
    for (const run of [lcz('info', join(temp, 'missing.tif')), lcz('info', bogus)]) {
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^lcz: .*(missing|bogus)\.tif/);
      expect(run.stderr).not.toContain('    at ');
    }
  });

  it('export-map writes the product and its style, or nothing at all', () => {
    const out = join(temp, 'demo-product.tif');
    const ok = lcz('export-map', join(root, 'resources', 'demo', 'synthetic-city-lcz.tif'), out);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toEqual([out, out.replace(/\.tif$/, '.qml')]);

    const failedOut = join(temp, 'never.tif');
    const bad = lcz('export-map', join(temp, 'missing.tif'), failedOut);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('missing.tif');
    expect(readdirSync(temp).filter((f) => f.includes('never'))).toEqual([]);
  });
});
