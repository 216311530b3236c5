import { describe, expect, it } from 'vitest';
import { defaultExportPath } from './export-path';

describe('the path the Export dialog proposes', () => {
  it("is in the workspace's exports/ folder, named for the map, never beside a (maybe read-only) input", () => {
    expect(defaultExportPath('/srv/shared/data/lcz_zaragoza.tif', '/home/ana/LCZ Studio')).toBe('/home/ana/LCZ Studio/exports/lcz_zaragoza-export.tif');
    expect(defaultExportPath('/opt/lcz/resources/demo/demo-map.tif', '/w/')).toBe('/w/exports/demo-map-export.tif');
    expect(defaultExportPath('D:\\data\\city.v2.tiff', 'C:\\Users\\ana\\LCZ')).toBe('C:\\Users\\ana\\LCZ\\exports\\city.v2-export.tif');
    expect(defaultExportPath('/data/noext', '/w')).toBe('/w/exports/noext-export.tif');
  });
});
