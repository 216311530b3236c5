import { describe, expect, it } from 'vitest';
import type { MetisDeployPlan, MetisStatus } from '../../../shared/contract';
import { cardState, stepsToShow } from './deploy-format';
import { chosenCalibration } from './deploy-store';

const device = (address: string, accessible: boolean, board: boolean) =>
  ({
    pciAddress: address,
    deviceId: '0x1100',
    model: 'Axelera Metis AIPU',
    driver: 'axl',
    deviceNode: '/dev/metis-0-1-0',
    deviceNodeNames: ['/dev/metis-0-1-0', '/dev/metis-0:1:0'],
    accessible,
    accessProblem: null,
    usb4: false,
    usb4Evidence: null,
    switchSiblings: 0,
    firmware: '1.3.2',
    board: board ? { index: 0, name: 'metis-0:1:0', boardType: 'pcie', firmware: '1.3.2', boardController: null, clockMHz: 800, coreClocksMHz: {}, memory: null, line: '' } : null,
    simulated: false,
  }) satisfies MetisStatus['devices'][number];

const sdk: MetisStatus['sdk'] = { found: true, path: '/sdk', via: 'AXELERA_FRAMEWORK', version: '1.3.2', driverVersion: '1.3.2', tools: { axdevice: null, axcompile: null, axrunmodel: null, axversion: null }, python: null, simulated: false };
const problem = (code: 'no-card' | 'no-permission' | 'sdk-missing' | 'firmware-update', pciAddress: string | null, severity: 'blocker' | 'warning' = 'blocker') => ({ code, severity, pciAddress, message: code, remedy: 'do this', simulated: false });

describe('cardState', () => {
  it('is ready when a device the user can open has nothing stopping it, whatever another card has', () => {
    expect(cardState({ devices: [device('a', true, true)], sdk, problems: [], simulated: false })).toBe('ready');
    expect(cardState({ devices: [device('a', true, true), device('b', false, false)], sdk, problems: [problem('no-permission', 'b')], simulated: false })).toBe('ready');
    expect(cardState({ devices: [device('a', true, true)], sdk, problems: [problem('firmware-update', 'a', 'warning')], simulated: false })).toBe('ready');
  });

  it('says no card, and not ready when the machine or the card has a blocker', () => {
    expect(cardState({ devices: [], sdk, problems: [problem('no-card', null)], simulated: false })).toBe('no-card');
    expect(cardState({ devices: [device('a', true, true)], sdk, problems: [problem('sdk-missing', null)], simulated: false })).toBe('not-ready');
    expect(cardState({ devices: [device('a', false, false)], sdk, problems: [problem('no-permission', 'a')], simulated: false })).toBe('not-ready');
  });
});

describe('stepsToShow', () => {
  it('shows the six steps to come before the job has written any', () => {
    expect(stepsToShow(undefined, true).map((s) => [s.id, s.status, s.simulated])).toEqual(['check', 'calibration', 'compile', 'load', 'verify', 'benchmark'].map((id) => [id, 'pending', true]));
  });
});

describe('chosenCalibration', () => {
  const plan: MetisDeployPlan = { bundle: '/b', int8Bundle: null, out: '/o', log: '/l', note: null, calibration: [{ label: 'So2Sat', source: { kind: 'so2sat', path: '/d.h5' }, synthetic: true }] };
  it('takes data at hand, a So2Sat path, or a scene (whose settings the core resolves)', () => {
    expect(chosenCalibration(plan, { kind: 'at-hand', index: 0 }).source).toEqual({ kind: 'so2sat', path: '/d.h5' });
    expect(chosenCalibration(plan, { kind: 'path', path: ' /x/train.H5 ' }).source).toEqual({ kind: 'so2sat', path: '/x/train.H5' });
    expect(chosenCalibration(plan, { kind: 'path', path: '/x/scene.tif' })).toEqual({ source: null, problem: null, needsSettings: '/x/scene.tif' });
  });

  it('says what is missing', () => {
    expect(chosenCalibration({ ...plan, calibration: [] }, { kind: 'at-hand', index: 0 }).problem).toMatch(/No calibration data is at hand/);
    expect(chosenCalibration(plan, { kind: 'path', path: '' }).problem).toMatch(/Give the path/);
    expect(chosenCalibration(plan, { kind: 'path', path: '/x/notes.txt' }).problem).toMatch(/\(\.h5\) or a scene \(\.tif\)/);
  });
});
