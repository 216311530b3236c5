// Run as a process of its own by stale-lock.test.ts: takes the lock of the file in argv[2], starts writing it (a temp
// file beside it, as writeFileAtomic does), says "holding", and never finishes: the test kills it there.
import { writeFile } from 'node:fs/promises';
import { tempPathFor } from '../../src/main/workspace/atomic-write';
import { withFileLock } from '../../src/main/workspace/file-lock';

const file = process.argv[2];
if (!file) throw new Error('usage: lock-holder.ts <file>');
setInterval(() => undefined, 60_000); // the lock's own timer does not keep a process alive
await withFileLock(file, async () => {
  await writeFile(tempPathFor(file), '{"half": ');
  process.stdout.write('holding\n');
  await new Promise(() => undefined);
});
