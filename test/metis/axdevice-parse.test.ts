import { describe, expect, it } from 'vitest';
import { isBrokenFlash, parseAxdeviceOutput, parseAxversion, parseClock, parseDeviceLine } from '../../src/main/metis/sdk/axdevice-parse';
import { compareMinor, plainVersion } from '../../src/main/metis/sdk/versions';

/** The three formats exactly as ../shared/docs/metis.md records them ("Detecting a device on the host"). */
const FORMAT_1 = 'Device 0: metis-0:1:0 board_type=pcie fwver=v1.0.0-a6-15-g9d681b7bcfe9 clock=800MHz';
const FORMAT_2 = "Device 0: metis-0:6c:0 board_type=pcie fwver='1.3.2' clock=800MHz(0-3:800MHz) mvm=0-3:100%";
const FORMAT_3 = 'Device 0: metis-0:1:0 4GiB pcie flver=1.3.0 bcver=1.4 clock=800MHz(0-3:800MHz) mvm=0-3:100%';

describe('axdevice line formats (metis.md)', () => {
  it('reads the oldest format: board_type, a git-describe fwver, a plain clock', () => {
    expect(parseDeviceLine(FORMAT_1)).toEqual({
      index: 0,
      name: 'metis-0:1:0',
      boardType: 'pcie',
      firmware: 'v1.0.0-a6-15-g9d681b7bcfe9',
      boardController: null,
      clockMHz: 800,
      coreClocksMHz: {},
      memory: null,
      line: FORMAT_1,
    });
  });

  it('reads the second format: a quoted fwver, per-core clocks', () => {
    expect(parseDeviceLine(FORMAT_2)).toMatchObject({ index: 0, name: 'metis-0:6c:0', boardType: 'pcie', firmware: '1.3.2', clockMHz: 800, coreClocksMHz: { '0-3': 800 }, memory: null, boardController: null });
  });

  it('reads the newest format: memory and board type as bare words, flver and bcver', () => {
    expect(parseDeviceLine(FORMAT_3)).toMatchObject({ index: 0, name: 'metis-0:1:0', boardType: 'pcie', firmware: '1.3.0', boardController: '1.4', clockMHz: 800, coreClocksMHz: { '0-3': 800 }, memory: '4GiB' });
  });

  it('reads board_type=unknown as a broken flash, in every format', () => {
    for (const line of [FORMAT_1, FORMAT_2].map((l) => l.replace('board_type=pcie', 'board_type=unknown')).concat(FORMAT_3.replace(' pcie ', ' unknown '))) {
      const board = parseDeviceLine(line);
      expect(board && 'name' in board && isBrokenFlash(board), line).toBe(true);
    }
    const healthy = parseDeviceLine(FORMAT_2);
    expect(healthy && 'name' in healthy && isBrokenFlash(healthy)).toBe(false);
  });

  it('lists several devices, the failure signs, and says which lines it cannot read', () => {
    const text = [
      FORMAT_3,
      FORMAT_3.replace('Device 0: metis-0:1:0', 'Device 1: metis-0:2:0').replace(' pcie ', ' m2 '),
      'Invalid hdrv magic 0 / Fail to get hdrv area',
      'Device communication timed out',
      'Device 2: metis-0:3:0 board_type=pcie fwver=1.3.0 clock=fast',
      'Device x: metis-0:4:0 board_type=pcie',
      'Device 3: eth0 board_type=pcie',
      'Device 4:',
      'Device 5: metis-0:5:0 mvm=0-3:100%',
      '',
      'Some banner line of a later SDK',
    ].join('\n');
    const listing = parseAxdeviceOutput(text);
    expect(listing.boards.map((b) => [b.index, b.name, b.boardType])).toEqual([
      [0, 'metis-0:1:0', 'pcie'],
      [1, 'metis-0:2:0', 'm2'],
    ]);
    expect(listing.failures).toEqual(['Invalid hdrv magic 0 / Fail to get hdrv area', 'Device communication timed out']);
    expect(listing.malformed.map((m) => m.problem)).toEqual([
      'clock "fast" is not a clock in MHz',
      '"x" is not a device index',
      '"eth0" is not a Metis device name (metis-D:B:S)',
      'no device name',
      'no board type, firmware or clock in it',
    ]);
  });

  it('accepts the newer node naming (metis-0-1-0) and Windows line ends', () => {
    const listing = parseAxdeviceOutput(`${FORMAT_1.replace('metis-0:1:0', 'metis-0-1-0')}\r\n`);
    expect(listing.boards[0]!.name).toBe('metis-0-1-0');
  });

  it('reads clocks with several core groups and refuses broken ones', () => {
    expect(parseClock('800MHz(0-1:800MHz,2-3:400MHz)')).toEqual({ mhz: 800, cores: { '0-1': 800, '2-3': 400 } });
    expect(parseClock('800MHz(0-3:lots)')).toBeNull();
    expect(parseClock('800')).toBeNull();
  });
});

describe('versions', () => {
  it('reads firmware versions in each printed form and compares them by major.minor', () => {
    expect(plainVersion('v1.0.0-a6-15-g9d681b7bcfe9')).toBe('1.0.0');
    expect(plainVersion("'1.3.2'")).toBe('1.3.2');
    expect(plainVersion('no version')).toBeNull();
    expect(compareMinor('v1.0.0-a6-15-g9d681b7bcfe9', '1.3.2')).toBeLessThan(0);
    expect(compareMinor('1.3.0', '1.3.2')).toBe(0);
    expect(compareMinor('1.4', '1.3.2')).toBeGreaterThan(0);
  });

  it('reads the version axversion prints', () => {
    expect(parseAxversion('axl driver 1.3.2\n')).toBe('1.3.2');
    expect(parseAxversion('Voyager SDK v1.8.0-rc1')).toBe('1.8.0-rc1');
    expect(parseAxversion('nothing here')).toBeNull();
  });
});
