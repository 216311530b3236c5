/**
 * Why the Map button is disabled, in the order a user fixes things. Pure: tested in Node.
 */
export interface BlockerInput {
  hasScene: boolean;
  selectedModels: number;
  /** The band mapping has unsaved edits (the core maps with the saved one). */
  bandsUnsaved: boolean;
  resolutionValid: boolean;
  /** From mapping/check; null while the core checks. */
  problems: readonly string[] | null;
}

export function mapBlockers(input: BlockerInput): string[] {
  const blockers: string[] = [];
  if (!input.hasScene) blockers.push('Open a scene first.');
  if (input.selectedModels === 0) blockers.push('Choose at least one model.');
  if (input.hasScene && input.bandsUnsaved) blockers.push('Save (or revert) the band mapping first.');
  if (!input.resolutionValid) blockers.push('Give an output resolution from 1 m to 10,000 m.');
  if (input.problems) blockers.push(...input.problems);
  return blockers;
}
