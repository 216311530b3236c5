/** The files a job wrote, grouped by folder, so a result of six files reads as one folder and six names. Pure. */
export function groupOutputs(paths: readonly string[]): { folder: string; names: string[] }[] {
  const groups: { folder: string; names: string[] }[] = [];
  for (const path of paths) {
    const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    const folder = slash >= 0 ? path.slice(0, slash) : '';
    const name = path.slice(slash + 1);
    const group = groups.find((g) => g.folder === folder);
    if (group) group.names.push(name);
    else groups.push({ folder, names: [name] });
  }
  return groups;
}
