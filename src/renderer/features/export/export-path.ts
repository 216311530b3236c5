/** Where the Export dialog proposes to write. Pure: tested in Node. */

/**
 * A default output in the workspace's exports/ folder, named for the map: ".../city.tif" -> "<workspace>/exports/
 * city-export.tif". Not beside the map: its folder may be read-only (a shared data folder, a mounted disk image).
 */
export function defaultExportPath(mapPath: string, workspace: string): string {
  const slash = Math.max(mapPath.lastIndexOf('/'), mapPath.lastIndexOf('\\'));
  const name = mapPath.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const sep = workspace.includes('\\') && !workspace.includes('/') ? '\\' : '/';
  return `${workspace.replace(/[\\/]+$/, '')}${sep}exports${sep}${stem}-export.tif`;
}
