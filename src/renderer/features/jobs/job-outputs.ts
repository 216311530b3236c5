/** A path's folder and name, for POSIX and Windows paths alike (the core may run on either). Pure. */
export function splitPath(path: string): { folder: string; name: string } {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return { folder: slash >= 0 ? path.slice(0, slash) : '', name: path.slice(slash + 1) };
}

/** The files a job wrote, grouped by folder, so a result of six files reads as one folder and six names. Pure. */
export function groupOutputs(paths: readonly string[]): { folder: string; names: string[] }[] {
  const groups: { folder: string; names: string[] }[] = [];
  for (const path of paths) {
    const { folder, name } = splitPath(path);
    const group = groups.find((g) => g.folder === folder);
    if (group) group.names.push(name);
    else groups.push({ folder, names: [name] });
  }
  return groups;
}
