/**
 * Parsing of import-model's list flags, and the interactive questions asked on a terminal for what the ONNX file
 * cannot say. Each answer is checked by planning again (the core's bundles/import-plan), so a bad answer is explained
 * and asked again rather than ending the run.
 */
import { InvalidArgumentError } from 'commander';
import type { ImportAnswers, ImportPlanView, ImportQuestion } from '../../shared/contract';
import { UserError } from '../../shared/errors';

export function parseNumberList(text: string): number[] {
  const values = text.split(',').map((v) => v.trim()).filter((v) => v !== '');
  const numbers = values.map(Number);
  if (values.length === 0 || numbers.some((n) => !Number.isFinite(n))) throw new InvalidArgumentError('expected comma-separated numbers, for example 0.12,0.10,0.09');
  return numbers;
}

export function parseIdList(text: string): string[] {
  return text.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

export function parsePositive(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number more than 0');
  return n;
}

/** Plans the import with these answers: what the file says, and what is still to be asked. */
export type Planner = (answers: ImportAnswers) => Promise<ImportPlanView>;

/** Asks one question; rejects with PromptClosed when the user ends input (Ctrl-D) or interrupts. */
export type Ask = (question: string) => Promise<string>;

/** The user closed the prompt: stop asking, write nothing. */
export class PromptClosed extends UserError {
  constructor() {
    super('import cancelled; nothing was written');
  }
}

const PROMPTS: Record<ImportQuestion['key'], string> = {
  output: 'Name of the output that holds the class scores',
  layout: 'Input layout, NCHW or NHWC',
  patchSize: 'Patch size in pixels',
  bands: 'Bands in channel order (comma-separated ids such as S2.B2,S2.B3; or "so2sat" for the 10 So2Sat LCZ42 bands)',
  normalisation: 'Normalisation: "so2sat" (So2Sat LCZ42 published statistics), "none" (mean 0, std 1), or the mean of each band (comma-separated)',
  resolution: 'Pixel size in metres',
  classes: 'LCZ value of each output, in order (comma-separated, 1-17)',
};

/** Applies one typed answer; throws (UserError or InvalidArgumentError) when it cannot be read. */
async function apply(q: ImportQuestion, text: string, a: ImportAnswers, ask: Ask): Promise<ImportAnswers> {
  const word = text.trim().toLowerCase();
  switch (q.key) {
    case 'output':
      return { ...a, output: text.trim() };
    case 'layout':
      if (word !== 'nchw' && word !== 'nhwc') throw new UserError('answer NCHW or NHWC');
      return { ...a, layout: word === 'nchw' ? 'NCHW' : 'NHWC' };
    case 'patchSize':
      if (!/^\d+$/.test(word) || Number(word) < 1) throw new UserError('answer a whole number of pixels');
      return { ...a, patchSize: Number(word) };
    case 'bands':
      return word === 'so2sat' ? { ...a, so2sat: true } : { ...a, bands: parseIdList(text) };
    case 'normalisation':
      if (word === 'so2sat') return { ...a, so2sat: true };
      if (word === 'none') return { ...a, noNormalisation: true };
      return { ...a, mean: parseNumberList(text), std: parseNumberList(await ask('Standard deviation of each band (comma-separated)')) };
    case 'resolution':
      return { ...a, resolutionM: parsePositive(text) };
    case 'classes':
      return { ...a, classes: parseNumberList(text) };
  }
}

/** Asks, one question at a time, until the plan is complete; returns the completed answers. */
export async function askForMissing(planner: Planner, answers: ImportAnswers, ask: Ask, say: (line: string) => void): Promise<ImportAnswers> {
  let current = answers;
  for (let plan = await planner(current); plan.missing.length > 0; ) {
    const question = plan.missing[0]!;
    say(`${plan.fileName}: ${question.why}.`);
    try {
      const next = await apply(question, await ask(PROMPTS[question.key]), current, ask);
      plan = await planner(next); // throws for answers that contradict the file (wrong band count...)
      current = next;
    } catch (error) {
      if (error instanceof PromptClosed || !(error instanceof UserError || error instanceof InvalidArgumentError)) throw error;
      say(`  ${error.message}`);
    }
  }
  return current;
}
