import { describe, expect, it } from 'vitest';
import { groupOutputs } from './job-outputs';

describe('groupOutputs', () => {
  it('groups files by folder, in order', () => {
    expect(groupOutputs(['/w/r/a/lcz.tif', '/w/r/a/lcz.qml', '/w/demo/s2.tif', 'C:\\x\\y.tif', 'bare.tif'])).toEqual([
      { folder: '/w/r/a', names: ['lcz.tif', 'lcz.qml'] },
      { folder: '/w/demo', names: ['s2.tif'] },
      { folder: 'C:\\x', names: ['y.tif'] },
      { folder: '', names: ['bare.tif'] },
    ]);
  });
});
