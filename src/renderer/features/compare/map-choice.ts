import type { ResultListItem } from '../../../shared/contract';

/** One side of the "Compare two maps" dialog: a saved mapping result, or a GeoTIFF by its path. */
export type MapChoice = { kind: 'result'; dir: string } | { kind: 'file'; path: string };

/** The path the comparison job takes for a choice; null while a typed path is empty. */
export function choicePath(choice: MapChoice): string | null {
  if (choice.kind === 'result') return choice.dir;
  return choice.path.trim() === '' ? null : choice.path.trim();
}

/** A short name of a choice, for the job's title. */
export function choiceName(choice: MapChoice, results: readonly ResultListItem[]): string {
  if (choice.kind === 'result') return results.find((r) => r.dir === choice.dir)?.name ?? choice.dir.split(/[\\/]/).pop() ?? choice.dir;
  return choice.path.trim().split(/[\\/]/).pop() ?? choice.path;
}

/** The dialog's first choices: A the result on the map (else the newest), B the newest other result. */
export function defaultChoices(results: readonly ResultListItem[], openDir: string | null): { a: MapChoice; b: MapChoice } {
  const a = results.find((r) => r.dir === openDir) ?? results[0];
  const b = results.find((r) => r.dir !== a?.dir);
  return {
    a: a ? { kind: 'result', dir: a.dir } : { kind: 'file', path: '' },
    b: b ? { kind: 'result', dir: b.dir } : { kind: 'file', path: '' },
  };
}
