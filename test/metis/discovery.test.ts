import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { discoverMetis } from '../../src/main/metis/discovery/discover';
import type { NodeAccess } from '../../src/main/metis/discovery/node-access';
import { deviceNodeNames, parsePciAddress } from '../../src/main/metis/discovery/pci-ids';
import { scanPciBus } from '../../src/main/metis/discovery/sysfs-scan';
import { locateSdk } from '../../src/main/metis/sdk/locate-sdk';
import { bridge, metisCard, otherDevice, usb4HostRouter, writeFakeDevNodes, writeFakeSysfs, type FakePciDevice } from '../../src/main/metis/simulator/fake-sysfs';
import { tempFolder } from '../fixtures/onnx-models';
import { IS_ROOT, NOBODY, runAs } from './run-as';

const temp = tempFolder('lcz-metis-discovery-');
afterAll(temp.cleanup);
chmodSync(temp.dir, 0o755); // the other user of the permission tests reads under it

let trees = 0;
async function tree(devices: FakePciDevice[], nodes: Parameters<typeof writeFakeDevNodes>[2] = 'both', mode = 0o660) {
  const root = join(temp.dir, `tree-${trees++}`);
  mkdirSync(root);
  const sysfsRoot = await writeFakeSysfs(root, devices);
  const cards = devices.filter((d) => d.vendor === 0x1f9d && d.driver).map((d) => d.address);
  const devRoot = await writeFakeDevNodes(root, cards, nodes, mode);
  const groupFile = join(root, 'group');
  writeFileSync(groupFile, `axelera:x:${process.getgid!()}:${userInfo().username}\n`);
  // No SDK anywhere: an empty PATH and no AXELERA_FRAMEWORK.
  return { root, options: { sysfsRoot, devRoot, groupFile, env: { PATH: join(root, 'no-bin') } } };
}

const codes = (s: { problems: { code: string }[] }) => s.problems.map((p) => p.code);

describe('the PCI scan', () => {
  it('says no card, counting what it looked at, and says so when there is no PCI bus at all', async () => {
    const { options } = await tree([bridge('0000:00:1f.0'), otherDevice('0000:00:1f.6')]);
    const status = await discoverMetis(options);
    expect(status.devices).toEqual([]);
    expect(codes(status)).toEqual(['no-card', 'sdk-missing']);
    expect(status.problems[0]!.message).toContain('2 PCI devices looked at');
    expect(status.problems[0]!.remedy).toContain('LCZ_METIS_SIMULATOR=1');
    const bare = await discoverMetis({ ...options, sysfsRoot: join(temp.dir, 'nothing') });
    expect(bare.problems[0]!.message).toContain('no PCI bus could be read');
  });

  it('finds every documented device id by its sysfs ids, and nothing else of the vendor', async () => {
    const { options } = await tree([
      metisCard('0000:01:00.0', undefined),
      metisCard('0000:02:00.0', undefined, { device: 0x11aa }),
      metisCard('0000:03:00.0', undefined, { device: 0x0001 }),
      metisCard('0000:04:00.0', undefined, { device: 0x9999 }),
    ]);
    const scan = await scanPciBus(options.sysfsRoot);
    expect(scan.cards.map((c) => [c.address, c.model])).toEqual([
      ['0000:01:00.0', 'Axelera Metis AIPU'],
      ['0000:02:00.0', 'Axelera Metis AIPU (alpha silicon)'],
      ['0000:03:00.0', 'Axelera Europa (8 AI cores)'],
    ]);
    expect(scan.unknownIds).toEqual(['0x9999 at 0000:04:00.0']);
  });

  it('names the /dev node in both schemes, in hex', () => {
    expect(deviceNodeNames(parsePciAddress('0000:6c:00.0')!)).toEqual(['metis-0-6c-0', 'metis-0:6c:0']);
    expect(deviceNodeNames(parsePciAddress('0001:3a:1f.0')!)).toEqual(['metis-1-3a-1f', 'metis-1:3a:1f']);
    expect(parsePciAddress('pci0000:00')).toBeNull();
  });

  it('reports a card without a driver, and a bound card whose node is missing', async () => {
    const unbound = await discoverMetis((await tree([metisCard('0000:01:00.0', undefined, { driver: null })])).options);
    expect(unbound.devices[0]).toMatchObject({ driver: null, deviceNode: null, accessible: false });
    expect(codes(unbound)).toEqual(['no-driver', 'sdk-missing']);
    expect(unbound.problems[0]!.remedy).toContain('metis-dkms');
    expect(unbound.problems[0]!.remedy).toContain('modprobe metis');

    const { options } = await tree([metisCard('0000:6c:00.0', undefined)], 'none');
    const missing = await discoverMetis(options);
    expect(codes(missing)).toEqual(['node-missing', 'sdk-missing']);
    expect(missing.problems[0]!.message).toContain(`${options.devRoot}/metis-0-6c-0 nor ${options.devRoot}/metis-0:6c:0`);
  });

  it('finds the node under the newer name first, and under the older one alone', async () => {
    const both = await discoverMetis((await tree([metisCard('0000:6c:00.0', undefined)], 'both')).options);
    expect(both.devices[0]!.deviceNode).toMatch(/\/dev\/metis-0-6c-0$/);
    expect(both.devices[0]!.accessible).toBe(true);
    const legacy = await discoverMetis((await tree([metisCard('0000:6c:00.0', undefined)], 'legacy')).options);
    expect(legacy.devices[0]!.deviceNode).toMatch(/\/dev\/metis-0:6c:0$/);
    expect(legacy.devices[0]!.deviceNodeNames[0]).toMatch(/\/dev\/metis-0-6c-0$/);
  });

  it('counts the other devices of a 4-AIPU card behind its PCIe switch', async () => {
    const devices = [bridge('0000:00:01.0'), metisCard('0000:01:00.0', '0000:00:01.0'), bridge('0000:00:1c.0'), bridge('0000:04:00.0', '0000:00:1c.0')];
    for (let i = 0; i < 4; i++) devices.push(bridge(`0000:05:0${i}.0`, '0000:04:00.0'), metisCard(`0000:0${6 + i}:00.0`, `0000:05:0${i}.0`));
    const scan = await scanPciBus((await tree(devices)).options.sysfsRoot);
    expect(scan.cards.map((c) => [c.address, c.switchSiblings])).toEqual([
      ['0000:01:00.0', 0],
      ['0000:06:00.0', 3],
      ['0000:07:00.0', 3],
      ['0000:08:00.0', 3],
      ['0000:09:00.0', 3],
    ]);
  });
});

describe('USB4/Thunderbolt links', () => {
  it('tells a card behind a USB4 link by each kind of sysfs evidence, and not a card in a slot', async () => {
    const scan = await scanPciBus(
      (
        await tree([
          bridge('0000:00:01.0'),
          metisCard('0000:01:00.0', '0000:00:01.0'), // in a slot
          usb4HostRouter('0000:00:0d.2'),
          bridge('0000:00:07.0', undefined, { suppliers: ['0000:00:0d.2'] }),
          metisCard('0000:3a:00.0', '0000:00:07.0'), // integrated USB4: a tunnelled root port linked to its router
          bridge('0000:00:1d.0'),
          bridge('0000:50:00.0', '0000:00:1d.0'), // a discrete Thunderbolt controller's switch
          bridge('0000:51:00.0', '0000:50:00.0'),
          usb4HostRouter('0000:52:00.0', 'domain1'),
          bridge('0000:51:01.0', '0000:50:00.0'),
          metisCard('0000:53:00.0', '0000:51:01.0'),
          bridge('0000:00:1e.0'),
          bridge('0000:60:00.0', '0000:00:1e.0', { removable: true }), // an external-facing port the kernel marked
          metisCard('0000:61:00.0', '0000:60:00.0'),
        ].map((d) => (d.address === '0000:52:00.0' ? { ...d, parent: '0000:51:00.0' } : d)))
      ).options.sysfsRoot,
    );
    const evidence = Object.fromEntries(scan.cards.map((c) => [c.address, c.usb4]));
    expect(evidence['0000:01:00.0']).toBeNull();
    expect(evidence['0000:3a:00.0']).toBe('PCIe port 0000:00:07.0 is tunnelled by the USB4/Thunderbolt host router 0000:00:0d.2 (domain0)');
    expect(evidence['0000:53:00.0']).toBe('PCIe switch 0000:50:00.0 belongs to the Thunderbolt controller 0000:52:00.0 (domain1)');
    expect(evidence['0000:61:00.0']).toContain('0000:60:00.0 as removable');
  });
});

describe('permission to open the card', () => {
  const denied = async (membership: 'none' | 'listed' | 'active') => {
    const { root } = await tree([]);
    const dev = join(root, 'dev');
    writeFileSync(join(dev, 'metis-0-1-0'), '');
    chmodSync(dev, 0o755);
    chmodSync(join(dev, 'metis-0-1-0'), 0o660); // owner root, group root: the axelera group of these tests has no access
    const groupFile = join(root, 'group');
    writeFileSync(groupFile, `axelera:x:4242:${membership === 'none' ? '' : 'nobody'}\n`);
    chmodSync(groupFile, 0o644);
    const gid = membership === 'active' ? 4242 : NOBODY; // a process started with the group, as after a new login
    return runAs<NodeAccess>(root, NOBODY, gid, new URL('../../src/main/metis/discovery/node-access.ts', import.meta.url).pathname, 'nodeAccess', [dev, ['metis-0-1-0', 'metis-0:1:0'], groupFile]);
  };

  it('names the cause: not in the group, added but not logged in again, or a node the group cannot open', async () => {
    if (!IS_ROOT) {
      // Not root: this user cannot become another; a node it may not open must still read as not accessible.
      const { options } = await tree([metisCard('0000:01:00.0', undefined)], 'current', 0o000);
      const status = await discoverMetis(options);
      expect(status.devices[0]!.accessible).toBe(false);
      expect(codes(status)).toContain('no-permission');
      return;
    }
    const outsider = await denied('none');
    expect(outsider).toMatchObject({ accessible: false, group: { exists: true, member: false, active: false } });
    expect(outsider.problem).toBe(`nobody is not in the "axelera" group, which may open ${outsider.node}`);
    const added = await denied('listed');
    expect(added.group).toEqual({ exists: true, member: true, active: false });
    expect(added.problem).toContain('after this session started');
    const member = await denied('active');
    expect(member.group).toEqual({ exists: true, member: true, active: true });
    expect(member.problem).toContain('(mode 0660) does not let the group read and write it');
  });

  it('turns a denial into a problem with the right remedy', async () => {
    const { options } = await tree([metisCard('0000:01:00.0', undefined)]);
    const status = await discoverMetis(options);
    expect(status.devices[0]!.accessible).toBe(true); // the user is in the fake group and owns the node
    const { problems } = await import('../../src/main/metis/discovery/problems');
    expect(problems.noPermission({ simulated: false }, '0000:01:00.0', 'x is not in the "axelera" group').remedy).toContain('usermod -aG axelera');
    expect(problems.noPermission({ simulated: false }, '0000:01:00.0', 'added after this session started').remedy).toContain('log out and in');
  });
});

describe('the SDK', () => {
  const sdk = (tools: string[], layout: 'venv/bin' | 'bin' = 'venv/bin') => {
    const root = mkdtempSync(join(temp.dir, 'sdk-'));
    mkdirSync(join(root, layout), { recursive: true });
    for (const t of tools) {
      writeFileSync(join(root, layout, t), '#!/bin/sh\n');
      chmodSync(join(root, layout, t), 0o755);
    }
    return root;
  };

  it('finds it through AXELERA_FRAMEWORK, with its venv python', async () => {
    const root = sdk(['axdevice', 'axcompile', 'axrunmodel', 'axversion', 'python3']);
    const found = await locateSdk({ env: { AXELERA_FRAMEWORK: root, PATH: '' } });
    expect(found).toMatchObject({ root, via: 'AXELERA_FRAMEWORK', python: join(root, 'venv/bin/python3'), missing: null });
    expect(found.tools.axdevice).toBe(join(root, 'venv/bin/axdevice'));
  });

  it('prefers the configured path, and finds tools in bin/ or on PATH', async () => {
    const configured = sdk(['axdevice'], 'bin');
    const other = sdk(['axdevice']);
    expect(await locateSdk({ configuredPath: configured, env: { AXELERA_FRAMEWORK: other } })).toMatchObject({ via: 'configured', tools: { axdevice: join(configured, 'bin/axdevice') } });
    const onPath = sdk(['axcompile', 'python3']);
    expect(await locateSdk({ env: { PATH: `/nowhere:${join(onPath, 'venv/bin')}` } })).toMatchObject({ via: 'PATH', root: join(onPath, 'venv/bin'), python: join(onPath, 'venv/bin/python3') });
  });

  it('says why it is missing', async () => {
    const missing = await locateSdk({ env: { AXELERA_FRAMEWORK: join(temp.dir, 'gone'), PATH: '' } });
    expect(missing.missing).toBe(`AXELERA_FRAMEWORK ${join(temp.dir, 'gone')} is not a folder; no axdevice, axcompile, axrunmodel on PATH`);
    const unset = await locateSdk({ env: { PATH: '' } });
    expect(unset.missing).toBe('AXELERA_FRAMEWORK is not set; no axdevice, axcompile, axrunmodel on PATH');
  });
});

describe('what axdevice says, joined to the cards', () => {
  /** An SDK whose axdevice and axversion are shell scripts printing the given text. */
  const scriptedSdk = (axdevice: string, status = 0, version = '1.3.2') => {
    const root = mkdtempSync(join(temp.dir, 'scripted-'));
    const bin = join(root, 'venv', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'axdevice'), `#!/bin/sh\ncat <<'EOF'\n${axdevice}\nEOF\nexit ${status}\n`);
    writeFileSync(join(bin, 'axversion'), `#!/bin/sh\necho "axversion ${version}"\n`);
    chmodSync(join(bin, 'axdevice'), 0o755);
    chmodSync(join(bin, 'axversion'), 0o755);
    return root;
  };
  const machine = () => tree([bridge('0000:00:01.0'), metisCard('0000:01:00.0', '0000:00:01.0'), bridge('0000:00:01.1'), metisCard('0000:02:00.0', '0000:00:01.1')]);

  it('gives each card its board, firmware and clock', async () => {
    const { options } = await machine();
    const lines = "Device 0: metis-0:1:0 board_type=pcie fwver='1.3.2' clock=800MHz(0-3:800MHz) mvm=0-3:100%\nDevice 1: metis-0:2:0 4GiB m2 flver=1.3.0 bcver=1.4 clock=800MHz(0-3:800MHz) mvm=0-3:100%";
    const status = await discoverMetis({ ...options, env: { ...options.env, AXELERA_FRAMEWORK: scriptedSdk(lines) } });
    expect(status.problems).toEqual([]);
    expect(status.sdk).toMatchObject({ found: true, version: '1.3.2', driverVersion: '1.3.2', via: 'AXELERA_FRAMEWORK' });
    expect(status.devices.map((d) => [d.pciAddress, d.firmware, d.board?.boardType, d.board?.clockMHz])).toEqual([
      ['0000:01:00.0', '1.3.2', 'pcie', 800],
      ['0000:02:00.0', '1.3.0', 'm2', 800],
    ]);
  });

  it('reports a broken flash, firmware older than the SDK, a card axdevice does not list, and failure signs', async () => {
    const { options } = await machine();
    const lines = 'Device 0: metis-0:1:0 board_type=unknown fwver=v1.0.0-a6-15-g9d681b7bcfe9 clock=800MHz\nInvalid hdrv magic 0 / Fail to get hdrv area';
    const status = await discoverMetis({ ...options, env: { ...options.env, AXELERA_FRAMEWORK: scriptedSdk(lines) } });
    expect(codes(status).sort()).toEqual(['broken-flash', 'device-failure', 'device-not-listed']);
    const old = await discoverMetis({ ...options, env: { ...options.env, AXELERA_FRAMEWORK: scriptedSdk('Device 0: metis-0:1:0 board_type=pcie fwver=v1.0.0-a6-15-g9d681b7bcfe9 clock=800MHz\nDevice 1: metis-0:2:0 board_type=pcie fwver=1.3.2 clock=800MHz') } });
    expect(old.problems.map((p) => [p.code, p.severity, p.pciAddress])).toEqual([['firmware-update', 'warning', '0000:01:00.0']]);
    expect(old.problems[0]!.remedy).toContain('stage 2 (board controller) cannot be recovered');
  });

  it('reports axdevice failing', async () => {
    const { options } = await machine();
    const status = await discoverMetis({ ...options, env: { ...options.env, AXELERA_FRAMEWORK: scriptedSdk('Device communication timed out', 1) } });
    expect(codes(status).sort()).toEqual(['axdevice-failed', 'device-failure']);
    expect(status.problems.find((p) => p.code === 'axdevice-failed')!.message).toContain('axdevice exited with status 1: Device communication timed out');
  });
});
