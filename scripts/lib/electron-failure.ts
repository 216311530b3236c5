/**
 * Why Electron did not come up, in words a user can act on. `npm start` calls this when Electron ends before its
 * window was shown; a later exit (the user closed the app, or it crashed while in use) is not a failure to start.
 */

export interface ElectronEnd {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: string | null;
  /** Whether the main process reported its window shown (see src/main/app/window.ts). */
  windowShown: boolean;
  /** The last lines Electron wrote on stderr. */
  stderrLines: string[];
  /** Set when the binary could not be run at all (spawn's 'error'). */
  spawnError?: string;
}

interface KnownCause {
  pattern: RegExp;
  cause: (match: RegExpMatchArray) => string;
}

const KNOWN_CAUSES: KnownCause[] = [
  {
    pattern: /SUID sandbox helper binary was found, but is not configured correctly/,
    cause: () =>
      "Chromium's sandbox could not start. On Ubuntu 23.10 and later AppArmor forbids the user namespaces it uses, and its " +
      'setuid fallback, node_modules/electron/dist/chrome-sandbox, is not owned by root with mode 4755. Fix it with ' +
      '`sudo chown root:root node_modules/electron/dist/chrome-sandbox && sudo chmod 4755 node_modules/electron/dist/chrome-sandbox` ' +
      '(or an AppArmor profile that allows Electron user namespaces).',
  },
  {
    pattern: /Running as root without --no-sandbox is not supported/,
    cause: () => 'Electron does not run as root with its sandbox on, and LCZ Studio keeps the sandbox on. Start it as a normal user.',
  },
  {
    pattern: /error while loading shared libraries: ([^:\s]+)/,
    cause: (m) => `a system library Electron needs is missing: ${m[1]}. Install the package that provides it (on Debian or Ubuntu, \`apt-file search ${m[1]}\` names it).`,
  },
  {
    pattern: /Missing X server or \$DISPLAY|cannot open display|Failed to connect to Wayland display/i,
    cause: () => 'Electron could not reach the display ($DISPLAY or $WAYLAND_DISPLAY is set but does not answer).',
  },
];

/** The paragraph to print when Electron failed to start, or null when its end is the app's own (pass its code on). */
export function explainElectronEnd(end: ElectronEnd): string | null {
  if (end.spawnError === undefined && (end.windowShown || (end.code === 0 && end.signal === null))) return null;
  const lines = end.stderrLines.map((l) => l.trim()).filter(Boolean);
  let cause: string | null = null;
  let quoted = lines.at(-1) ?? null;
  for (const known of KNOWN_CAUSES) {
    const line = [...lines].reverse().find((l) => known.pattern.test(l));
    if (line) {
      cause = known.cause(line.match(known.pattern)!);
      quoted = line;
      break;
    }
  }
  if (end.spawnError !== undefined) {
    cause = `the Electron binary could not be run (${end.spawnError}).`;
    quoted = null;
  }
  const how = end.signal ? `was ended by ${end.signal}` : `exited with code ${end.code}`;
  return [
    `The desktop window could not start: Electron ${end.spawnError !== undefined ? 'did not run' : `${how} before its window opened`}.`,
    quoted ? `Its last message was: "${quoted}".` : '',
    cause ? `Cause: ${cause}` : '',
    'LCZ Studio starts in browser mode instead: the same app, served on 127.0.0.1 only.',
  ]
    .filter(Boolean)
    .join(' ');
}
