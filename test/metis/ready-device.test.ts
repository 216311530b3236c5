// What stops a device from being used: its own problems and the machine's, not those of another card on the bus.
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeProblems, readyDevice } from '../../src/main/metis/deploy/ready-device';
import { openMetisHost } from '../../src/main/metis/host';
import { tempFolder } from '../fixtures/onnx-models';

const temp = tempFolder('lcz-metis-ready-');
afterAll(temp.cleanup);

describe('readyDevice', () => {
  it('lets a card be used when another card of the machine has no driver, and refuses that other card', async () => {
    const host = await openMetisHost({ simulator: true, scenario: 'ok', runnerDir: join(temp.dir, 'runner') });
    try {
      // The M.2 card (device 1) loses its driver: the machine's sysfs tree, as discovery reads it.
      const sdk = (await host.discover()).sdk.path!;
      rmSync(join(dirname(sdk), 'sys', 'bus', 'pci', 'devices', '0000:02:00.0', 'driver'));
      const first = await readyDevice(host, 0);
      expect(first.device.pciAddress).toBe('0000:01:00.0');
      expect(first.status.problems.map((p) => [p.code, p.pciAddress])).toEqual([['no-driver', '0000:02:00.0']]);
      await expect(readyDevice(host, 1)).rejects.toThrow(/^\(simulated\) the Metis card at 0000:02:00\.0 has no driver bound: install the driver: `sudo apt install metis-dkms`/);
      await expect(readyDevice(host, 9)).rejects.toThrow('there is no Metis device 9: this machine has 7 (0-6, as axdevice lists them)');
    } finally {
      await host.close();
    }
  });

  it('says each kind of problem once, with its remedy', async () => {
    const host = await openMetisHost({ simulator: true, scenario: 'permission-denied', runnerDir: join(temp.dir, 'runner') });
    try {
      const { problems } = await host.discover();
      expect(problems).toHaveLength(7);
      expect(describeProblems(problems).match(/add yourself to the axelera group/g)).toHaveLength(1);
      await expect(readyDevice(host, 0)).rejects.toThrow(/^\(simulated\) cannot open the card at 0000:01:00\.0: .*: add yourself to the axelera group: `sudo usermod -aG axelera \$USER`, then log out and in again$/);
    } finally {
      await host.close();
    }
  });
});
