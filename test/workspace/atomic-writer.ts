// Run as a process of its own by atomic-write.test.ts, under strace: writes argv[3] to argv[2] with writeFileAtomic.
import { writeFileAtomic } from '../../src/main/workspace/atomic-write';

const [target, text] = process.argv.slice(2);
if (!target || text === undefined) throw new Error('usage: atomic-writer.ts <target> <text>');
await writeFileAtomic(target, text);
