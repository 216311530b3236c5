// `npm run bench -- <name> [options]`: runs scripts/bench/<name>.ts (TypeScript through tsx) and prints its figures.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const here = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const available = readdirSync(here).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${available.join('|')}> [options]\n`);
  process.exit(2);
}
register();
process.argv = [process.argv[0], join(here, `${name}.ts`), ...args];
await import(join(here, `${name}.ts`));
