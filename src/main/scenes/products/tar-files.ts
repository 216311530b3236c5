/**
 * A tar archive (a Landsat Collection 2 product as USGS delivers it) read in place. A tar stores each file
 * uncompressed after a 512-byte header, so indexing it reads only the headers, and a band is then read at its offset
 * like a file of its own. Headers are ustar with the POSIX (pax) and GNU long-name extensions that tar writes for long
 * paths; each header's checksum is verified, so a file that is not a tar is told apart from a damaged one.
 */
import type { FileHandle } from 'node:fs/promises';
import { UserError } from '../../../shared/errors';
import { openRegularFile } from '../../files/input-file';
import { requireInside, type ProductFiles } from './product-files';

const BLOCK = 512;

interface TarMember {
  offset: number;
  size: number;
}

const text = (block: Uint8Array, start: number, length: number): string => {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end < 0 ? field : field.subarray(0, end));
};

/** A numeric field: octal text, or GNU's base-256 (high bit set) for sizes past 8 GB. */
function numberField(block: Uint8Array, start: number, length: number): number {
  if (block[start]! & 0x80) {
    let value = block[start]! & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + block[start + i]!;
    return value;
  }
  const digits = text(block, start, length).trim();
  return digits === '' ? 0 : parseInt(digits, 8);
}

/** The header checksum: the sum of its bytes with the checksum field taken as spaces. */
function checksumOk(block: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return sum === numberField(block, 148, 8);
}

/** pax records: "<length> <key>=<value>\n" each. */
function paxRecords(data: Uint8Array): Record<string, string> {
  const records: Record<string, string> = {};
  const all = new TextDecoder().decode(data);
  for (const line of all.split('\n')) {
    const m = /^\d+ ([^=]+)=(.*)$/.exec(line);
    if (m) records[m[1]!] = m[2]!;
  }
  return records;
}

async function readAt(handle: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  const { bytesRead } = await handle.read(out, 0, length, offset);
  return out.subarray(0, bytesRead);
}

/** Every regular file of the archive, by name, with where its data start. */
async function indexTar(handle: FileHandle, size: number, path: string): Promise<Map<string, TarMember>> {
  const members = new Map<string, TarMember>();
  let position = 0;
  let longName: string | null = null;
  let pax: Record<string, string> = {};
  let ended = false;
  while (position + BLOCK <= size) {
    const block = await readAt(handle, position, BLOCK);
    if (block.every((b) => b === 0)) {
      ended = true; // the end-of-archive blocks
      break;
    }
    if (!checksumOk(block)) {
      throw new UserError(position === 0 ? 'is not a tar archive (its first header has no valid checksum)' : `is damaged: the tar header at byte ${position} is not valid`, path);
    }
    const type = String.fromCharCode(block[156]!);
    const declared = numberField(block, 124, 12);
    const entrySize = pax.size !== undefined ? Number(pax.size) : declared;
    const dataStart = position + BLOCK;
    const next = dataStart + Math.ceil(entrySize / BLOCK) * BLOCK;
    if (type === 'x' || type === 'L') {
      const data = await readAt(handle, dataStart, declared);
      if (type === 'x') pax = paxRecords(data);
      else longName = new TextDecoder().decode(data).replace(/\0+$/, '');
      position = next;
      continue;
    }
    if (type === '0' || type === '\0' || type === '7') {
      const prefix = text(block, 345, 155);
      const short = text(block, 0, 100);
      const name = (pax.path ?? longName ?? (prefix ? `${prefix}/${short}` : short)).replace(/^\.\//, '');
      // Known from the headers alone: said now, not when a mapping reaches the band.
      if (dataStart + entrySize > size) {
        throw new UserError(`is truncated: ${name} needs bytes up to ${dataStart + entrySize} but the archive ends at byte ${size} (download it again)`, path);
      }
      members.set(name, { offset: dataStart, size: entrySize });
    }
    // Directories, links, global pax headers ('g') and the rest hold no file to read.
    longName = null;
    pax = {};
    position = next;
  }
  // tar always ends with zero blocks: an archive without them was cut off (its last files are not in it).
  if (!ended) throw new UserError(`is truncated: it ends at byte ${size} without the end-of-archive blocks, so files are missing (download it again)`, path);
  return members;
}

const GZIP = [0x1f, 0x8b];

export async function openTarFiles(path: string): Promise<ProductFiles> {
  const { handle, size } = await openRegularFile(path, { what: 'a tar archive' });
  let members: Map<string, TarMember>;
  try {
    const head = await readAt(handle, 0, 2);
    if (head[0] === GZIP[0] && head[1] === GZIP[1]) {
      throw new UserError('is gzip-compressed (.tar.gz); LCZ Studio reads the .tar as USGS delivers it, or its unpacked folder: unpack it first (tar -xzf)', path);
    }
    members = await indexTar(handle, size, path);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const label = (name: string) => `${path}!/${name}`;
  const member = (name: string): TarMember => {
    const found = members.get(name);
    if (!found) throw new UserError('is not in the archive', label(name));
    return found;
  };
  return {
    path,
    names: [...members.keys()],
    size: (name) => member(name).size,
    label,
    async read(name, offset, length) {
      const m = member(name);
      requireInside({ label }, name, m.size, offset, length);
      const out = new Uint8Array(length);
      await handle.read(out, 0, length, m.offset + offset);
      return out;
    },
    close: () => handle.close(),
  };
}
