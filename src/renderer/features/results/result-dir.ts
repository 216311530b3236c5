/** The folder of a result from the files its mapping job wrote (summary.json is always among them). */
export function resultDirOf(outputs: readonly string[]): string | null {
  const file = outputs.find((p) => /[\\/]summary\.json$/.test(p)) ?? outputs[0];
  if (!file) return null;
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash > 0 ? file.slice(0, slash) : null;
}
