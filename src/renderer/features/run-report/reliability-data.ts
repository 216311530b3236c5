import type { CalibrationResult } from '../../../shared/contract';

/**
 * A reliability diagram's bars: per confidence bin, the accuracy of its patches against their mean confidence (a
 * calibrated model's bars reach the diagonal), and how many patches fell in it. Pure: tested in Node.
 */

export interface ReliabilityBar {
  lower: number;
  upper: number;
  count: number;
  accuracy: number;
  confidence: number;
  /** The gap between accuracy and confidence, drawn from one to the other. */
  gapFrom: number;
  gapTo: number;
  label: string;
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** Every bin (empty ones have no accuracy bar, but keep their place in the counts). */
export function reliabilityBars(calibration: Pick<CalibrationResult, 'bins'>): ReliabilityBar[] {
  return calibration.bins.map((b) => ({
    lower: b.lower,
    upper: b.upper,
    count: b.count,
    accuracy: b.accuracy,
    confidence: b.confidence,
    gapFrom: Math.min(b.accuracy, b.confidence),
    gapTo: Math.max(b.accuracy, b.confidence),
    label:
      b.count === 0
        ? `confidence ${b.lower.toFixed(2)}-${b.upper.toFixed(2)}: no patches`
        : `confidence ${b.lower.toFixed(2)}-${b.upper.toFixed(2)}: ${b.count.toLocaleString('en-US')} patches, accuracy ${pct(b.accuracy)}, mean confidence ${pct(b.confidence)}`,
  }));
}

/** "1.2k" for a count above a bar, so four digits fit a narrow bin. */
export function compactCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1e6).toFixed(1)}M`;
}

/** "ECE 12.4 % · MCE 30.0 %". */
export function calibrationLine(calibration: Pick<CalibrationResult, 'ece' | 'mce'>): string {
  return `ECE ${pct(calibration.ece)} · MCE ${pct(calibration.mce)}`;
}
