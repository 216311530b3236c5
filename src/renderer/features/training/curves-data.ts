import type { MemberStatus } from '../../../shared/contract';
import type { LiveSample } from './live-progress';
import { memberName } from './ensemble-members';

/**
 * The training curves of a run as rows for Observable Plot: per member and epoch, the train and validation figures
 * from run.json, plus the running figure of the epoch in progress (from the live batch metrics), which run.json
 * does not hold yet. Pure: tested in Node.
 */

export type Metric = 'loss' | 'accuracy';
export type CurveSeries = 'train' | 'validation' | 'running';

export interface CurvePoint {
  /** The member's name, which the colour scale keys on. */
  member: string;
  /** On the epoch axis: an epoch's figures sit at its end (epoch 1 at 1); a running point inside its epoch. */
  x: number;
  value: number;
  series: CurveSeries;
  /** What a tooltip says. */
  label: string;
}

/** Ten distinguishable colours (Tableau 10), member k gets colour k mod 10. Not LCZ colours: members are not classes. */
export const MEMBER_COLORS = ['#4e79a7', '#f28e2c', '#59a14f', '#e15759', '#76b7b2', '#b8a22c', '#af7aa1', '#ff9da7', '#9c755f', '#7f7f7f'];

export function memberColor(index: number): string {
  return MEMBER_COLORS[index % MEMBER_COLORS.length]!;
}

type MemberCurves = Pick<MemberStatus, 'spec' | 'history'>;

function format(metric: Metric, value: number): string {
  return metric === 'loss' ? value.toFixed(3) : `${(value * 100).toFixed(1)} %`;
}

export function curvePoints(members: readonly MemberCurves[], samples: readonly LiveSample[], metric: Metric): CurvePoint[] {
  const points: CurvePoint[] = [];
  const what = metric === 'loss' ? 'loss' : 'accuracy';
  members.forEach((m, k) => {
    const member = memberName(m.spec, k);
    for (const r of m.history) {
      const train = metric === 'loss' ? r.loss : r.accuracy;
      const validation = metric === 'loss' ? r.valLoss : r.valAccuracy;
      points.push({ member, x: r.epoch, value: train, series: 'train', label: `${member}\nepoch ${r.epoch}: train ${what} ${format(metric, train)}` });
      points.push({
        member,
        x: r.epoch,
        value: validation,
        series: 'validation',
        label: `${member}\nepoch ${r.epoch}: validation ${what} ${format(metric, validation)}`,
      });
    }
    // The epoch under way: only samples past the last recorded epoch (a recorded one has its exact figures).
    const recorded = m.history.reduce((a, r) => Math.max(a, r.epoch), 0);
    for (const s of samples) {
      if (s.member !== k + 1 || s.epoch <= recorded) continue;
      const value = metric === 'loss' ? s.loss : s.accuracy;
      points.push({ member, x: s.x, value, series: 'running', label: `${member}\nepoch ${s.epoch} so far: ${what} ${format(metric, value)}` });
    }
  });
  return points;
}

/** Whole epochs for the axis: every one up to 10, else about 8 round steps. */
export function epochTicks(epochs: number): number[] {
  const top = Math.max(1, Math.ceil(epochs));
  const step = top <= 10 ? 1 : [2, 5, 10, 20, 25, 50, 100].find((s) => top / s <= 8) ?? Math.ceil(top / 8);
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return ticks;
}

/**
 * The value axis: the range of the values drawn with a margin, as TensorBoard does, so a loss going from 2.8 to 2.6
 * reads as a fall rather than a flat line near the top of a 0-3 axis. Never below 0, accuracy never above 100 %; a
 * margin of at least 2 % of the scale, so a flat curve is not magnified into noise.
 */
export function valueDomain(points: readonly CurvePoint[], metric: Metric): [number, number] {
  const values = points.map((p) => p.value).filter((v) => Number.isFinite(v));
  if (values.length === 0) return [0, 1];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max((hi - lo) * 0.15, (metric === 'loss' ? hi : 1) * 0.02, 0.005);
  return [Math.max(0, lo - pad), metric === 'accuracy' ? Math.min(1, hi + pad) : hi + pad];
}
