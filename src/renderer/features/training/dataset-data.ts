import type { DatasetInfo } from '../../../shared/contract';
import { LCZ_CLASSES } from '../../../shared/lcz-classes';

/** What a So2Sat-format file holds, shaped for the dataset panel and its class histogram. Pure: tested in Node. */

export interface ClassCountRow {
  value: number;
  code: string;
  name: string;
  color: string;
  count: number;
  /** Share of the labelled patches, 0-1. */
  share: number;
  label: string;
}

export function classCountRows(counts: readonly number[]): ClassCountRow[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return LCZ_CLASSES.map((c) => {
    const count = counts[c.value - 1] ?? 0;
    const share = total > 0 ? count / total : 0;
    return {
      value: c.value,
      code: c.code,
      name: c.name,
      color: c.color,
      count,
      share,
      label: `LCZ ${c.code} ${c.name}: ${count.toLocaleString('en-US')} patches (${(share * 100).toFixed(1)} %)`,
    };
  });
}

/** "sen2 6,000 × 32 × 32 × 10 float32", one line per dataset, in a stable order (sen2, sen1, label first). */
export function datasetLines(info: Pick<DatasetInfo, 'datasets'>): { name: string; text: string }[] {
  const order = ['sen2', 'sen1', 'label', 'y', 'y_distributional_urban'];
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  return Object.entries(info.datasets)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([name, d]) => ({ name, text: `${d.shape.map((n) => n.toLocaleString('en-US')).join(' × ')} ${d.dtype}` }));
}

/**
 * What is wrong with the file's labels, one phrase each; empty for a good file. Training refuses a file with any of
 * these (it cannot tell a patch's class), so the panel says so before Start rather than after.
 */
export function labelIssueLines(info: Pick<DatasetInfo, 'labelIssues' | 'patches' | 'datasets'>): string[] {
  const { nonOneHotRows, firstNonOneHot, badVoteRows, firstBadVotes, nonFinite } = info.labelIssues;
  const n = (x: number) => x.toLocaleString('en-US');
  const labels = 'label' in info.datasets ? 'label' : 'y';
  const lines: string[] = [];
  if (nonOneHotRows > 0) lines.push(`${n(nonOneHotRows)} of ${n(info.patches)} rows of ${labels} are not one-hot (exactly one 1, the rest 0), the first at patch ${firstNonOneHot}`);
  if (badVoteRows > 0) lines.push(`${n(badVoteRows)} rows of y_distributional_urban hold no usable votes, the first at patch ${firstBadVotes}`);
  if (nonFinite > 0) lines.push(`${n(nonFinite)} label values are NaN or infinite`);
  return lines;
}

export function variantLabel(variant: DatasetInfo['variant']): string {
  return variant === 'full' ? 'So2Sat LCZ42 (sen2, label)' : 'So2Sat LCZ42 label-distribution subset';
}
