import { ARCHITECTURES, type ArchId, type ArchitectureInfo } from '../../../shared/architectures';
import type { InputMode, SessionMember } from '../../../shared/contract';
import type { MemberDraft } from './train-form';

/** Members of the ensemble being built: presets, a new row, and how architectures and inputs are named. Pure. */

export const INPUT_LABEL: Record<InputMode, string> = {
  all: 'All 10 Sentinel-2 bands',
  rgb: 'RGB (B4, B3, B2)',
  rand3: '3 random bands (seeded)',
  'sen1-sen2': 'Sentinel-1 + Sentinel-2',
};

/** Short forms for tight places (chart legends, run lists). */
export const INPUT_SHORT: Record<InputMode, string> = { all: 'all bands', rgb: 'RGB', rand3: '3 random bands', 'sen1-sen2': 'S1 + S2' };

export function archInfo(id: string): ArchitectureInfo | undefined {
  return ARCHITECTURES.find((a) => a.id === id);
}

/** "7.3 k", "11.2 M": parameter counts as people say them. */
export function formatParams(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** "Sen2LCZ-Net · teacher · 792.4 k": an architecture's line in the picker. */
export function archOptionLabel(info: ArchitectureInfo): string {
  return `${info.name} · ${info.role} · ${formatParams(info.typicalParams)}`;
}

/** "Tiny CNN · all bands · seed 1", the way the curves' legend and the run report name a member. */
export function memberName(spec: { arch: string; inputs: InputMode; seed: number }, index: number): string {
  return `${index + 1} · ${archInfo(spec.arch)?.name ?? spec.arch} · ${INPUT_SHORT[spec.inputs]} · seed ${spec.seed}`;
}

let nextId = 1;
function draft(arch: ArchId, inputs: InputMode, seed: number, width = 1): MemberDraft {
  return { id: nextId++, arch, inputs, seed: String(seed), width: String(width) };
}

/** Members back from the saved session, as they were typed, each with a new row id. */
export function restoredMembers(members: readonly SessionMember[]): MemberDraft[] {
  return members.map((m) => ({ ...m, id: nextId++ }));
}

/**
 * A quick teacher ensemble whose members differ by architecture, input and seed, as the published So2Sat ensembles
 * do; the compact teachers, so it trains on a CPU.
 */
export function teacherPreset(): MemberDraft[] {
  return [draft('sen2lcz-net', 'all', 1), draft('densenet', 'rand3', 2), draft('sen2lcz-net', 'rgb', 3)];
}

/** The next member: like the last one with the next free seed (a different seed is what makes it a new member). */
export function newMember(members: readonly MemberDraft[]): MemberDraft {
  const last = members[members.length - 1];
  const seeds = members.filter((m) => m.seed.trim() !== '').map((m) => Number(m.seed)).filter((s) => Number.isInteger(s) && s >= 0);
  const seed = seeds.length > 0 ? Math.max(...seeds) + 1 : 1;
  return last ? draft(last.arch, last.inputs, seed, Number(last.width) > 0 ? Number(last.width) : 1) : draft('sen2lcz-net', 'all', seed);
}
