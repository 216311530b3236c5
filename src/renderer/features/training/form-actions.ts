import { newMember, teacherPreset } from './ensemble-members';
import type { MemberDraft, SettingsDraft } from './train-form';
import { trainingStore } from './training-store';

/** Edits of the ensemble and the hyper-parameters: plain store updates. */

export function addMember(): void {
  trainingStore.set((s) => ({ members: [...s.members, newMember(s.members)] }));
}

export function removeMember(id: number): void {
  trainingStore.set((s) => ({ members: s.members.filter((m) => m.id !== id) }));
}

export function updateMember(id: number, patch: Partial<Omit<MemberDraft, 'id'>>): void {
  trainingStore.set((s) => ({ members: s.members.map((m) => (m.id === id ? { ...m, ...patch } : m)) }));
}

export function applyTeacherPreset(): void {
  trainingStore.set({ members: teacherPreset() });
}

export function setSettings(patch: Partial<SettingsDraft>): void {
  trainingStore.set((s) => ({ settings: { ...s.settings, ...patch } }));
}
