export function newestSourceMtime(root: string): number;
export function newestBuildMtime(root: string): number;
export function currentBuiltEntry(root: string, name: string): string | null;
