/**
 * Version strings as the SDK's tools print them: "v1.0.0-a6-15-g9d681b7bcfe9" (a git describe), "'1.3.2'" (quoted),
 * "1.3.0". Compared by their numeric parts only.
 */
export function versionParts(text: string): number[] | null {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

/** "v1.0.0-a6-15-g9d681b7bcfe9" -> "1.0.0"; null when there is no version in it. */
export function plainVersion(text: string): string | null {
  return versionParts(text)?.join('.') ?? null;
}

/** Negative when a < b, by major and minor only (patch releases share firmware). */
export function compareMinor(a: string, b: string): number | null {
  const x = versionParts(a);
  const y = versionParts(b);
  if (!x || !y) return null;
  return x[0]! - y[0]! || x[1]! - y[1]!;
}
