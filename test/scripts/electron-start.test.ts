import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainElectronEnd, type ElectronEnd } from '../../scripts/lib/electron-failure';
import {
  INSTALL_RETRY_MS,
  forgetInstallFailure,
  installDecision,
  installerError,
  readInstallFailure,
  recordInstallFailure,
} from '../../scripts/lib/electron-install-memo';

const noise = ['[123:ERROR:bus.cc(407)] Failed to connect to the bus: Could not parse server address', ''];
const end = (over: Partial<ElectronEnd>): ElectronEnd => ({ code: 1, signal: null, windowShown: false, stderrLines: noise, ...over });

describe('npm start: Electron ending before its window', () => {
  it('passes on the app’s own end: any exit after the window was shown, or a clean exit', () => {
    expect(explainElectronEnd(end({ code: 1, windowShown: true }))).toBeNull();
    expect(explainElectronEnd(end({ code: null, signal: 'SIGSEGV', windowShown: true }))).toBeNull();
    expect(explainElectronEnd(end({ code: 0 }))).toBeNull();
  });

  it('explains the Ubuntu 24.04 AppArmor sandbox failure, quoting Electron’s line', () => {
    const line = '[9:FATAL:setuid_sandbox_host.cc(163)] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I am aborting now.';
    const text = explainElectronEnd(end({ code: 133, stderrLines: [line, ...noise] }))!;
    expect(text).toContain(`"${line}"`);
    expect(text).toMatch(/AppArmor/);
    expect(text).toMatch(/chmod 4755 node_modules\/electron\/dist\/chrome-sandbox/);
    expect(text).toMatch(/exited with code 133 before its window opened/);
    expect(text).toMatch(/starts in browser mode instead/);
  });

  it('explains running as root, which LCZ Studio does not do without the sandbox', () => {
    const text = explainElectronEnd(end({ stderrLines: ['[1:FATAL:electron_main_delegate.cc(290)] Running as root without --no-sandbox is not supported. See https://crbug.com/638180.'] }))!;
    expect(text).toMatch(/as a normal user/);
  });

  it('names a missing system library', () => {
    const text = explainElectronEnd(end({ code: 127, stderrLines: ['/app/node_modules/electron/dist/electron: error while loading shared libraries: libnss3.so: cannot open shared object file: No such file or directory'] }))!;
    expect(text).toMatch(/a system library Electron needs is missing: libnss3\.so/);
  });

  it('quotes the last line when the cause is unknown, and says how it ended', () => {
    const text = explainElectronEnd(end({ code: null, signal: 'SIGTRAP', stderrLines: ['something odd', 'Trace/breakpoint trap', ''] }))!;
    expect(text).toContain('was ended by SIGTRAP before its window opened');
    expect(text).toContain('"Trace/breakpoint trap"');
    expect(text).not.toContain('Cause:');
  });

  it('explains a binary that cannot run at all (spawn error)', () => {
    const text = explainElectronEnd(end({ code: null, spawnError: 'spawn /x/electron EACCES', stderrLines: [] }))!;
    expect(text).toMatch(/did not run.*could not be run \(spawn \/x\/electron EACCES\)/);
  });
});

describe('npm start: the Electron download', () => {
  const now = Date.UTC(2025, 0, 1, 12);
  const failed = { at: now - 10 * 60_000, error: 'RequestError: getaddrinfo ENOTFOUND github.com' };

  it('tries when nothing failed, when the last failure is an hour old, or when forced', () => {
    expect(installDecision(null, now, false)).toEqual({ attempt: true });
    expect(installDecision({ ...failed, at: now - INSTALL_RETRY_MS }, now, false)).toEqual({ attempt: true });
    expect(installDecision(failed, now, true)).toEqual({ attempt: true });
    expect(installDecision({ ...failed, at: now + 60_000 }, now, false), 'a clock set back does not block forever').toEqual({ attempt: true });
  });

  it('does not wait for the installer again within the hour, and says why and how to force it', () => {
    const decision = installDecision(failed, now, false);
    expect(decision.attempt).toBe(false);
    if (decision.attempt) return;
    expect(decision.message).toContain('10 min ago (RequestError: getaddrinfo ENOTFOUND github.com)');
    expect(decision.message).toContain('next is in 50 min');
    expect(decision.message).toContain('npm start -- --retry-electron');
  });

  it('reports the installer’s own error, not its stack', () => {
    const stderr = 'RequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous> (/x/got/index.js:970:111)\n    at emitErrorNT (node:internal)\n';
    expect(installerError(stderr, 1, null)).toBe('RequestError: getaddrinfo ENOTFOUND github.com');
    expect(installerError('', 1, null)).toBe('the installer exited with code 1');
    expect(installerError('', null, 'SIGTERM', 'no answer within 5 minutes')).toBe('no answer within 5 minutes');
  });

  it('remembers a failure in a file, forgets it after a success, and ignores a damaged file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lcz-memo-'));
    try {
      const file = join(dir, 'cache', 'electron-install-failed.json');
      expect(readInstallFailure(file)).toBeNull();
      recordInstallFailure(file, failed);
      expect(readInstallFailure(file)).toEqual(failed);
      forgetInstallFailure(file);
      expect(readInstallFailure(file)).toBeNull();
      writeFileSync(file, '{"at": "yesterday"');
      expect(readInstallFailure(file)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
