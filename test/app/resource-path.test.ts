// Resource paths a packaged app hands to native code (ONNX Runtime reads model.onnx itself) must lie outside app.asar:
// electron-builder unpacks resources/ into app.asar.unpacked beside it (electron-builder.yml asarUnpack).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBundlePath, outsideAsar, resourcePath } from '../../src/main/paths';

describe('resource paths', () => {
  it('point into app.asar.unpacked when the app runs from app.asar', () => {
    expect(outsideAsar('/opt/LCZ Studio/resources/app.asar')).toBe('/opt/LCZ Studio/resources/app.asar.unpacked');
    expect(outsideAsar('/tmp/.mount_LCZ/resources/app.asar/resources/demo/bundle')).toBe('/tmp/.mount_LCZ/resources/app.asar.unpacked/resources/demo/bundle');
    expect(outsideAsar('C:\\Program Files\\LCZ Studio\\resources\\app.asar')).toBe('C:\\Program Files\\LCZ Studio\\resources\\app.asar.unpacked');
  });

  it('are left alone elsewhere: from source, already unpacked, or a folder merely named like it', () => {
    for (const path of ['/work/lcz-studio', '/opt/LCZ Studio/resources/app.asar.unpacked', '/home/u/app.asar.d/x', '/home/u/my-app.asar', '/home/u/app.asarx']) {
      expect(outsideAsar(path)).toBe(path);
    }
  });

  it('from source, are the repo resources/ folder, with the demo bundle in it', () => {
    const repo = resolve(import.meta.dirname, '..', '..');
    expect(resourcePath('demo')).toBe(join(repo, 'resources', 'demo'));
    expect(existsSync(join(demoBundlePath(), 'model.onnx'))).toBe(true);
  });
});
