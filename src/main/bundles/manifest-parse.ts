/**
 * Validates a bundle's manifest.json and says what is wrong in plain words, each problem with its place in the file
 * ("input.layout should be one of "NCHW", "NHWC", not "NCWH""; "unknown key "bandz" (did you mean "bands"?)"), so a
 * hand-edited manifest can be fixed from the message alone.
 */
import type { z } from 'zod';
import { UserError } from '../../shared/errors';
import { bundleBandSchema, bundleEnsembleSchema, bundleInputSchema, bundleManifestSchema, bundleOutputSchema, provenanceSchema, type BundleManifest } from '../../shared/bundle-manifest';

type Issue = z.core.$ZodIssue;

/** Known keys of the object at a path, for "did you mean" hints. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  const nested: Record<string, { shape: object }> = { input: bundleInputSchema, output: bundleOutputSchema, provenance: provenanceSchema, bands: bundleBandSchema, ensemble: bundleEnsembleSchema };
  const schema = path.length === 0 ? bundleManifestSchema : nested[String(path[0])];
  return schema ? Object.keys(schema.shape) : [];
}

function place(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** Levenshtein distance, for suggesting the key a typo meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

function describeIssue(issue: Issue, raw: unknown): string {
  const where = place(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys
        .map((key) => {
          const near = knownKeys(issue.path).find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
          return `${where ? `${where}: ` : ''}unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}`;
        })
        .join('; ');
    case 'invalid_type': {
      const value = valueAt(raw, issue.path);
      if (value === undefined) return `${where} is missing (it should be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`})`;
      return `${where} should be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, not ${JSON.stringify(value)}`;
    }
    case 'invalid_value':
      return `${where} should be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`}, not ${JSON.stringify(valueAt(raw, issue.path))}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const relation = issue.code === 'too_small' ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'less than';
      const what = issue.origin === 'array' ? `a list of ${relation} ${String(bound)} item(s)` : issue.origin === 'string' ? `${relation} ${String(bound)} character(s) long` : `${relation} ${String(bound)}`;
      return `${where} should be ${what}, not ${JSON.stringify(valueAt(raw, issue.path))}`;
    }
    default:
      // Our own refinements read on from the place ("bands[0].id is not a known band id").
      return `${where || 'the manifest'} ${issue.message}`;
  }
}

/** Parses manifest.json text; throws a UserError naming `file` and every problem. */
export function parseManifest(text: string, file: string): BundleManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`not valid JSON (${error instanceof Error ? error.message : String(error)})`, file);
  }
  return validateManifest(raw, file);
}

export function validateManifest(raw: unknown, file: string): BundleManifest {
  const result = bundleManifestSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue, raw));
  throw new UserError(`the bundle manifest is not valid: ${problems.join('; ')}`, file);
}
