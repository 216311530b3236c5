import type { DeployStep, DeploymentView, MetisBundle, MetisStatus } from '../../../shared/contract';

/** The deploy's steps as the stepper names them. */
export const STEP_LABELS: Record<DeployStep['id'], string> = {
  check: 'Check the card and the model',
  calibration: 'Calibration set',
  compile: 'Compile for the card',
  load: 'Load onto the card',
  verify: 'Verify against the CPU',
  benchmark: 'Benchmark',
};

export const STEP_IDS = Object.keys(STEP_LABELS) as DeployStep['id'][];

/** The steps to show: the job's when it has written them, else all still to do. Pure: tested in Node. */
export function stepsToShow(steps: readonly DeployStep[] | undefined, simulated: boolean): DeployStep[] {
  if (steps && steps.length > 0) return [...steps];
  return STEP_IDS.map((id) => ({ id, status: 'pending', startedAt: null, endedAt: null, message: null, simulated }));
}

export type CardState = 'ready' | 'no-card' | 'not-ready';

/**
 * What the device card says at a glance: ready (a device this user can open and nothing stops it), no card at all,
 * or a card that is not ready (its problems say why). Pure: tested in Node.
 */
export function cardState(status: MetisStatus): CardState {
  if (status.problems.some((p) => p.code === 'no-card')) return 'no-card';
  const blocked = (address: string | null) => status.problems.some((p) => p.severity === 'blocker' && (p.pciAddress === null || p.pciAddress === address));
  return status.devices.some((d) => d.accessible && d.board && !blocked(d.pciAddress)) ? 'ready' : 'not-ready';
}

/** A message of the core as a sentence of its own ("no card…" -> "No card…"). */
export const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export const percent = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(1)} %`);
export const perSecond = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));
export const milliseconds = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${x.toFixed(2)} ms`);

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

/** The badges of a bundle in the picker: what its provenance says it is. */
export function studentBadges(b: MetisBundle): string[] {
  return [b.student.distilled && 'distilled', b.student.int8 && 'int8', b.student.pruned && 'pruned'].filter((x): x is string => Boolean(x));
}

/** A report's rows: what, and the figure on the CPU, int8 and the card. Pure: tested in Node. */
export function accuracyRows(view: DeploymentView): { label: string; cpu: string; int8: string; card: string }[] {
  const v = view.deployment.verification;
  if (!v) return [];
  return [
    { label: 'Overall accuracy', cpu: percent(v.accuracy.cpu), int8: percent(v.accuracy.int8), card: percent(v.accuracy.device) },
    { label: 'Agreement with the CPU', cpu: '100.0 %', int8: '—', card: percent(v.agreementWithCpu) },
  ];
}
