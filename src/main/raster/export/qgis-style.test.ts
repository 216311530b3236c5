import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LCZ_CLASSES } from '../../../shared/lcz-classes';
import { pythonMissing } from '../../../../test/helpers/python';
import { qmlPalette } from '../../../../test/helpers/qml';
import { lczLabel, lczQgisStyle } from './qgis-style';

const root = resolve(import.meta.dirname, '..', '..', '..', '..');
const temp = mkdtempSync(join(tmpdir(), 'lcz-qml-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('QGIS style', () => {
  it('labels classes the way people write them', () => {
    expect(lczLabel(1)).toBe('LCZ 1 Compact high-rise');
    expect(lczLabel(11)).toBe('LCZ A Dense trees');
    expect(lczLabel(17)).toBe('LCZ G Water');
    expect(() => lczLabel(0)).toThrow();
  });

  it.skipIf(pythonMissing())('is XML with a paletted renderer on band 1 and the 17 standard colours', () => {
    const file = join(temp, 'lcz.qml');
    writeFileSync(file, lczQgisStyle());
    const parsed = qmlPalette(file);
    expect(parsed.renderer).toBe('paletted');
    expect(parsed.band).toBe('1');
    expect(parsed.entries).toEqual(
      LCZ_CLASSES.map((c) => ({ value: String(c.value), color: c.color, label: lczLabel(c.value), alpha: '255' })),
    );
  });

  it('has an up-to-date committed copy in resources/qgis (regenerate with npx tsx scripts/make-demo-map.ts)', () => {
    expect(readFileSync(join(root, 'resources', 'qgis', 'lcz.qml'), 'utf8')).toBe(lczQgisStyle());
  });
});
