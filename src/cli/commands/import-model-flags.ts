/**
 * lcz import-model's flags and the core's import answers, both ways: flags to answers for the request, answer keys
 * to flags for the questions the core says are open, and answers back to flags for the command recorded in the
 * bundle's provenance. The core speaks of answers only (bundles/import-plan); the flags are this face's words.
 */
import type { ImportAnswerKey, ImportAnswers, ImportQuestion } from '../../shared/contract';

export interface ImportOptions {
  out: string;
  bands?: string[];
  so2sat?: boolean;
  mean?: number[];
  std?: number[];
  normalisation: boolean;
  resolution?: number;
  layout?: 'NCHW' | 'NHWC';
  patchSize?: number;
  classes?: number[];
  outputName?: string;
  name?: string;
  description?: string;
  temperature?: number;
}

/** The flag that gives each answer, as the help and the messages show it. */
const FLAGS: Record<ImportAnswerKey, string> = {
  bands: '--bands S2.B2,S2.B3,...',
  so2sat: '--so2sat',
  mean: '--mean m1,m2,...',
  std: '--std s1,s2,...',
  noNormalisation: '--no-normalisation',
  resolutionM: '--resolution <metres>',
  layout: '--layout NCHW|NHWC',
  patchSize: '--patch-size <pixels>',
  classes: '--classes 1,2,...',
  output: '--output-name <name>',
  name: '--name <name>',
  description: '--description <text>',
  temperature: '--temperature <T>',
};

export function answersFrom(o: ImportOptions): ImportAnswers {
  return {
    bands: o.bands,
    so2sat: o.so2sat,
    mean: o.mean,
    std: o.std,
    noNormalisation: o.normalisation === false,
    resolutionM: o.resolution,
    layout: o.layout,
    patchSize: o.patchSize,
    classes: o.classes,
    output: o.outputName,
    name: o.name,
    description: o.description,
    temperature: o.temperature,
  };
}

/** "--bands S2.B2,S2.B3,... (or --so2sat)": the first way to answer, then the others. */
export function flagsFor(question: ImportQuestion): string {
  const [first, ...others] = question.answeredBy.map((answers) => answers.map((key) => FLAGS[key]).join(' '));
  return others.length > 0 ? `${first} (or ${others.join(', or ')})` : first!;
}

/** One message listing each missing answer with its flags and why, for runs that cannot ask (no terminal). */
export function missingMessage(missing: readonly ImportQuestion[]): string {
  const lines = missing.map((q) => `  ${flagsFor(q)}: ${q.why}`);
  return `the file does not say everything a bundle needs; give ${missing.length === 1 ? 'this flag' : 'these flags'}:\n${lines.join('\n')}`;
}

/** The command that makes the same bundle without questions, recorded in the provenance. */
export function reproduceCommand(fileName: string, out: string, a: ImportAnswers): string {
  const parts = ['lcz import-model', fileName, '--out', out];
  const list = (values: readonly (string | number)[]) => values.join(',');
  if (a.bands) parts.push('--bands', list(a.bands));
  if (a.so2sat) parts.push('--so2sat');
  if (a.mean && a.std) parts.push('--mean', list(a.mean), '--std', list(a.std));
  if (a.noNormalisation) parts.push('--no-normalisation');
  if (a.resolutionM !== undefined) parts.push('--resolution', String(a.resolutionM));
  if (a.layout) parts.push('--layout', a.layout);
  if (a.patchSize !== undefined) parts.push('--patch-size', String(a.patchSize));
  if (a.classes) parts.push('--classes', list(a.classes));
  if (a.output !== undefined) parts.push('--output-name', JSON.stringify(a.output));
  if (a.name) parts.push('--name', JSON.stringify(a.name));
  if (a.temperature !== undefined) parts.push('--temperature', String(a.temperature));
  return parts.join(' ');
}
