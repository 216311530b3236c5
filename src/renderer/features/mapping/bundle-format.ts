import { SENSOR_LABEL, bandSpec } from '../../../shared/bands';

/** How a model bundle is described in the model list. Pure: tested in Node. */

/** "10 bands, Sentinel-2 MSI: B2 B3 … B12". */
export function describeBands(ids: readonly string[]): string {
  const specs = ids.map((id) => bandSpec(id));
  const sensors = [...new Set(specs.map((s) => s?.sensor).filter((s) => s !== undefined))];
  const names = ids.map((id, i) => specs[i]?.name ?? id).join(' ');
  const sensor = sensors.length === 1 ? `, ${SENSOR_LABEL[sensors[0]!]}` : '';
  return `${ids.length} band${ids.length === 1 ? '' : 's'}${sensor}: ${names}`;
}

/** "syntheticValidationMacroF1" -> ["synthetic", "validation", "macro", "F1"]: words, acronyms kept in capitals. */
export function metricWords(key: string): string[] {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean);
  return words.map((w) => (/^[A-Z][a-z]+$/.test(w) ? w.toLowerCase() : w));
}

function isShare(words: readonly string[], value: number): boolean {
  return value >= 0 && value <= 1 && !words.some((w) => /^(kappa|loss|ece|nll|temperature)$/i.test(w));
}

/** A metric's value as people read it: shares as percent, kappa and the rest as decimals. */
export function formatMetricValue(key: string, value: number): string {
  return isShare(metricWords(key), value) ? `${(value * 100).toFixed(1)} %` : String(Number(value.toPrecision(3)));
}

function rank(words: readonly string[]): number {
  const has = (re: RegExp) => words.some((w) => re.test(w));
  if (has(/^(OA|accuracy|acc|top1)$/i)) return 0;
  if (has(/^kappa$/i)) return 1;
  if (has(/^F1$/i)) return 2;
  return 3;
}

/**
 * The few metrics worth a line, accuracy first, with the words their names share said once:
 * {context: "synthetic validation", items: ["OA 89.2 %", "kappa 0.858", "macro F1 77.5 %"]}.
 */
export function headlineMetrics(metrics: Record<string, number>, limit = 3): { context: string | null; items: string[] } {
  const chosen = Object.entries(metrics)
    .filter(([, v]) => Number.isFinite(v))
    .map(([key, value]) => ({ key, value, words: metricWords(key) }))
    .sort((a, b) => rank(a.words) - rank(b.words) || a.key.localeCompare(b.key))
    .slice(0, limit);
  let shared = 0;
  if (chosen.length > 1) {
    const first = chosen[0]!.words;
    while (shared < first.length - 1 && chosen.every((m) => m.words.length > shared + 1 && m.words[shared] === first[shared])) shared++;
  }
  return {
    context: shared > 0 ? chosen[0]!.words.slice(0, shared).join(' ') : null,
    items: chosen.map((m) => `${m.words.slice(shared).join(' ')} ${formatMetricValue(m.key, m.value)}`),
  };
}
