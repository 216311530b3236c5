import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from '../../../shared/architectures';
import { archOptionLabel, formatParams, memberName, newMember, teacherPreset } from './ensemble-members';

describe('ensemble members', () => {
  it('presets a teacher ensemble whose members differ by architecture, input and seed', () => {
    const preset = teacherPreset();
    expect(preset).toHaveLength(3);
    for (const m of preset) expect(ARCHITECTURES.find((a) => a.id === m.arch)?.role).toBe('teacher');
    expect(new Set(preset.map((m) => m.arch)).size).toBeGreaterThan(1);
    expect(new Set(preset.map((m) => m.inputs)).size).toBe(3);
    expect(new Set(preset.map((m) => m.seed)).size).toBe(3);
    expect(new Set(preset.map((m) => m.id)).size).toBe(3);
  });

  it('adds a member like the last one, with the next free seed', () => {
    const preset = teacherPreset();
    const next = newMember(preset);
    expect(next).toMatchObject({ arch: preset[2]!.arch, inputs: preset[2]!.inputs, seed: '4', width: '1' });
    expect(preset.map((m) => m.id)).not.toContain(next.id);
    expect(newMember([])).toMatchObject({ arch: 'sen2lcz-net', inputs: 'all', seed: '1' });
    // The next seed is above every seed in use, whatever their order; a seed being typed does not count.
    const typed = [{ ...preset[0]!, seed: '7' }, { ...preset[1]!, seed: '' }, { ...preset[2]!, seed: '2' }];
    expect(newMember(typed).seed).toBe('8');
  });

  it('names architectures and members for the UI', () => {
    expect(formatParams(7265)).toBe('7.3 k');
    expect(formatParams(11_191_185)).toBe('11.2 M');
    expect(formatParams(512)).toBe('512');
    expect(archOptionLabel(ARCHITECTURES.find((a) => a.id === 'tiny-cnn')!)).toBe('Tiny CNN · student · 7.3 k');
    expect(memberName({ arch: 'tiny-cnn', inputs: 'rgb', seed: 2 }, 1)).toBe('2 · Tiny CNN · RGB · seed 2');
    expect(memberName({ arch: 'unknown', inputs: 'all', seed: 1 }, 0)).toBe('1 · unknown · all bands · seed 1');
  });
});
