/**
 * Parses what `axdevice` prints: one line per device, in any of the three formats metis.md records (the format
 * changed between SDK versions), and the failure signs it lists:
 *
 *   Device 0: metis-0:1:0 board_type=pcie fwver=v1.0.0-a6-15-g9d681b7bcfe9 clock=800MHz
 *   Device 0: metis-0:6c:0 board_type=pcie fwver='1.3.2' clock=800MHz(0-3:800MHz) mvm=0-3:100%
 *   Device 0: metis-0:1:0 4GiB pcie flver=1.3.0 bcver=1.4 clock=800MHz(0-3:800MHz) mvm=0-3:100%
 *
 * `board_type=unknown` marks a broken flash; "Invalid hdrv magic 0 / Fail to get hdrv area" and "Device
 * communication timed out" are failure signs. Pure functions: the tests feed them these lines exactly.
 */
import type { MetisBoard } from '../../../shared/contract/metis';

export interface AxdeviceListing {
  boards: MetisBoard[];
  /** Lines that name a failure sign, as printed. */
  failures: string[];
  /** Lines that start like a device line but could not be read, with why. */
  malformed: { line: string; problem: string }[];
}

const DEVICE_LINE = /^\s*Device\s+(\S+?):\s*(\S*)\s*(.*)$/;
const DEVICE_NAME = /^metis-[0-9a-f]+([:-])[0-9a-f]+\1[0-9a-f]+$/i;
const TOKEN = /[^\s=]+=(?:'[^']*'|"[^"]*"|\S*)|\S+/g;
const MEMORY = /^\d+(?:\.\d+)?[KMGT]i?B$/i;
const FAILURE_SIGNS = [/Invalid hdrv magic/i, /Fail to get hdrv area/i, /Device communication timed out/i];

const unquote = (v: string) => v.replace(/^(['"])(.*)\1$/, '$2');

/** "800MHz" -> 800; "800MHz(0-3:800MHz)" -> 800 and {"0-3": 800}; null when it is not a clock. */
export function parseClock(value: string): { mhz: number; cores: Record<string, number> } | null {
  const m = /^(\d+(?:\.\d+)?)MHz(?:\(([^)]*)\))?$/i.exec(value);
  if (!m) return null;
  const cores: Record<string, number> = {};
  for (const part of (m[2] ?? '').split(',').filter(Boolean)) {
    const c = /^([\d-]+):(\d+(?:\.\d+)?)MHz$/i.exec(part.trim());
    if (!c) return null;
    cores[c[1]!] = Number(c[2]);
  }
  return { mhz: Number(m[1]), cores };
}

/** One device line -> its record, or the reason it cannot be read; null when the line is not a device line. */
export function parseDeviceLine(line: string): MetisBoard | { problem: string } | null {
  const m = DEVICE_LINE.exec(line);
  if (!m) return null;
  const [, indexText, name = '', rest = ''] = m;
  if (!/^\d+$/.test(indexText!)) return { problem: `"${indexText}" is not a device index` };
  if (!DEVICE_NAME.test(name)) return { problem: name ? `"${name}" is not a Metis device name (metis-D:B:S)` : 'no device name' };
  const board: MetisBoard = { index: Number(indexText), name, boardType: null, firmware: null, boardController: null, clockMHz: null, coreClocksMHz: {}, memory: null, line: line.trim() };
  for (const token of rest.match(TOKEN) ?? []) {
    const eq = token.indexOf('=');
    if (eq < 0) {
      if (MEMORY.test(token)) board.memory = token;
      else if (board.boardType === null && /^[a-z][\w.-]*$/i.test(token)) board.boardType = token; // the newest format: "4GiB pcie"
      continue;
    }
    const key = token.slice(0, eq);
    const value = unquote(token.slice(eq + 1));
    if (key === 'board_type') board.boardType = value || null;
    else if (key === 'fwver' || key === 'flver') board.firmware = value || null;
    else if (key === 'bcver') board.boardController = value || null;
    else if (key === 'clock') {
      const clock = parseClock(value);
      if (!clock) return { problem: `clock "${value}" is not a clock in MHz` };
      board.clockMHz = clock.mhz;
      board.coreClocksMHz = clock.cores;
    }
    // mvm= (core utilisation) and keys of later SDKs are kept in `line` only.
  }
  if (board.boardType === null && board.firmware === null && board.clockMHz === null) return { problem: 'no board type, firmware or clock in it' };
  return board;
}

export function parseAxdeviceOutput(text: string): AxdeviceListing {
  const listing: AxdeviceListing = { boards: [], failures: [], malformed: [] };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (FAILURE_SIGNS.some((sign) => sign.test(line))) listing.failures.push(line);
    const parsed = parseDeviceLine(line);
    if (parsed === null) continue;
    if ('problem' in parsed) listing.malformed.push({ line, problem: parsed.problem });
    else listing.boards.push(parsed);
  }
  return listing;
}

/** A broken flash, as axdevice says it (metis.md). */
export function isBrokenFlash(board: MetisBoard): boolean {
  return board.boardType === 'unknown';
}

/** The version in what `axversion --driver` (or `axversion`) prints; metis.md does not show its format. */
export function parseAxversion(text: string): string | null {
  const m = /(\d+\.\d+(?:\.\d+)?(?:[-+.][\w.-]+)?)/.exec(text);
  return m ? m[1]! : null;
}
