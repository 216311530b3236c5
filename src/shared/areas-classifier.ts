/**
 * Which classifier made a map from training areas, in words: said by the result's report.md and by the app's
 * Training areas panel alike, from the result's training-areas.json.
 */
import { architecture } from './architectures';
import type { AreasAccuracy } from './contract/areas';

/** "with a random forest of 30 trees on 52 features per cell", or the CNN's architecture, start and patches. */
export function classifierSentence(a: AreasAccuracy, code: (text: string) => string = (text) => text): string {
  if (!a.cnn) return `with a random forest of ${a.trees} trees${a.maxDepth ? ` (depth at most ${a.maxDepth})` : ''} on ${a.features.length} features per cell`;
  const c = a.cnn;
  const how = c.fromBundle ? `fine-tuned from the bundle "${c.fromBundle.name}" (${code(c.fromBundle.dir)})` : 'trained from scratch';
  return `with a CNN (${architecture(c.arch).name}, width ${c.width}, ${c.parameters.toLocaleString('en-US')} parameters) ${how} for ${c.epochs} epochs on ${c.patches.toLocaleString('en-US')} So2Sat-format patches (32 x 32 at 10 m, ${a.features.length} bands) cut from the areas`;
}
