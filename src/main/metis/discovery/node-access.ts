/**
 * Whether the current user may open a card's /dev node, and if not, why. The driver names the node in one of two
 * schemes (pci-ids.ts), and metis.md says users must be in the `axelera` group. The answer itself is the kernel's
 * (fs.access with read and write, on the node that exists); the group is read only to name the cause:
 *
 * - the group is among this process's groups and the node still refuses: its owner or mode does not let the group in;
 * - in /etc/group (member list or primary group) but not in this process's groups: added after this session started:
 *   log out and in again;
 * - not in the group at all: add the user, log in again.
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export const METIS_GROUP = 'axelera';

export interface GroupMembership {
  /** The group exists in the group file. */
  exists: boolean;
  /** The user is a listed member, or it is the user's primary group. */
  member: boolean;
  /** The group is among this process's groups (membership takes effect at login). */
  active: boolean;
}

export interface NodeAccess {
  /** The node that exists (the newer name first), or null when neither does. */
  node: string | null;
  accessible: boolean;
  /** Why the user cannot open it, in words (null when it can, or the node is missing). */
  problem: string | null;
  group: GroupMembership;
}

/** The `axelera` group as /etc/group (or `groupFile`) and this process see it. */
export async function groupMembership(groupFile = '/etc/group'): Promise<GroupMembership> {
  const text = await readFile(groupFile, 'utf8').catch(() => '');
  const line = text.split('\n').find((l) => l.split(':')[0] === METIS_GROUP);
  if (!line) return { exists: false, member: false, active: false };
  const [, , gidText = '', members = ''] = line.split(':');
  const gid = Number(gidText);
  const user = userInfo();
  const member = members.split(',').map((m) => m.trim()).includes(user.username) || user.gid === gid;
  const active = process.getgroups?.().includes(gid) ?? false;
  return { exists: true, member, active };
}

function denialCause(node: string, group: GroupMembership, mode: string): string {
  const user = userInfo().username;
  if (!group.exists) return `${node} refuses ${user} and this machine has no "${METIS_GROUP}" group (mode ${mode})`;
  if (group.active) return `${user} is in the "${METIS_GROUP}" group but ${node} (mode ${mode}) does not let the group read and write it`;
  if (group.member) return `${user} was added to the "${METIS_GROUP}" group after this session started: the membership takes effect at the next login`;
  return `${user} is not in the "${METIS_GROUP}" group, which may open ${node}`;
}

export async function nodeAccess(devRoot: string, names: readonly string[], groupFile?: string): Promise<NodeAccess> {
  const group = await groupMembership(groupFile);
  for (const name of names) {
    const node = join(devRoot, name);
    const info = await stat(node).catch(() => null);
    if (!info) continue;
    const ok = await access(node, constants.R_OK | constants.W_OK).then(
      () => true,
      () => false,
    );
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    return { node, accessible: ok, problem: ok ? null : denialCause(node, group, mode), group };
  }
  return { node: null, accessible: false, problem: null, group };
}
