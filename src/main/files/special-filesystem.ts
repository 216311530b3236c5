/**
 * Kernel pseudo-filesystems: they look like folders, but nothing can be written in them (procfs even makes Node's
 * recursive mkdir loop for ever). tmpfs is an ordinary place to write (/tmp, /dev/shm) and is not among them.
 */
import { statfs } from 'node:fs/promises';

/** f_type of statfs(2) for the pseudo-filesystems (linux/magic.h). */
const PSEUDO_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'procfs (/proc)'],
  [0x62656572, 'sysfs (/sys)'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroupfs'],
  [0x63677270, 'cgroup2fs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0xcafe4a11, 'bpffs'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0x65735543, 'fusectl'],
  [0x42494e4d, 'binfmt_misc'],
  [0xde5e81e4, 'efivarfs'],
  [0x19800202, 'mqueue'],
  [0x6e736673, 'nsfs'],
]);

/**
 * Places known by their path, for where the type alone cannot tell: devtmpfs (/dev) reports tmpfs's type, and on
 * a system without statfs types the kernel's folders are still these. /dev/shm is a real tmpfs for files.
 */
function specialByPath(realPath: string): string | null {
  const under = (root: string) => realPath === root || realPath.startsWith(`${root}/`);
  if (under('/proc')) return 'procfs (/proc)';
  if (under('/sys')) return 'sysfs (/sys)';
  if (under('/dev') && !under('/dev/shm')) return 'devtmpfs (/dev)';
  return null;
}

/** The name of the pseudo-filesystem holding an existing path (resolved, no symbolic links), or null. */
export async function specialFilesystem(realPath: string): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  const byPath = specialByPath(realPath);
  if (byPath) return byPath;
  const info = await statfs(realPath).catch(() => null);
  // f_type is unsigned; normalise in case it arrives as a negative 32-bit number.
  return info ? (PSEUDO_FILESYSTEMS.get(info.type >>> 0) ?? null) : null;
}
