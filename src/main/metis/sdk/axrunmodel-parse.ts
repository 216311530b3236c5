/**
 * Reads what `axrunmodel model.json -d N --seconds S --aipu-cores K` prints. metis.md says it prints Device, Host and
 * System FPS, newer SDKs also latency percentiles (p50/p95/p99), and only the 4-AIPU card reports power; it does not
 * show the exact layout, so the parser reads any line naming FPS with "device" (or "dev"), "host" or "system" and the
 * number after the word, percentiles written "p50" with a unit (ms or us), and a power figure in W.
 */
export interface AxrunmodelFigures {
  deviceFps: number | null;
  hostFps: number | null;
  systemFps: number | null;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null } | null;
  powerW: number | null;
}

const NUMBER = /([0-9][0-9,]*(?:\.[0-9]+)?)/;

function numberAfter(line: string, word: RegExp): number | null {
  const m = word.exec(line);
  if (!m) return null;
  const n = NUMBER.exec(line.slice(m.index + m[0].length));
  return n ? Number(n[1]!.replace(/,/g, '')) : null;
}

export function parseAxrunmodel(text: string): AxrunmodelFigures {
  const figures: AxrunmodelFigures = { deviceFps: null, hostFps: null, systemFps: null, latencyMs: null, powerW: null };
  for (const line of text.split(/\r?\n/)) {
    if (/fps/i.test(line)) {
      figures.deviceFps ??= numberAfter(line, /\bdev(?:ice)?\b|\bdev_/i);
      figures.hostFps ??= numberAfter(line, /\bhost\b|\bhost_/i);
      figures.systemFps ??= numberAfter(line, /\bsystem\b|\bsystem_/i);
    }
    for (const m of line.matchAll(/\bp(50|95|99)\b[^0-9\n]*([0-9]+(?:\.[0-9]+)?)\s*(ms|us|µs)?/gi)) {
      const value = Number(m[2]) / (m[3] && m[3].toLowerCase() !== 'ms' ? 1000 : 1);
      figures.latencyMs ??= { p50: null, p95: null, p99: null };
      figures.latencyMs[`p${m[1]}` as 'p50' | 'p95' | 'p99'] ??= value;
    }
    if (/power/i.test(line)) {
      const w = /([0-9]+(?:\.[0-9]+)?)\s*W\b/.exec(line);
      if (w) figures.powerW ??= Number(w[1]);
    }
  }
  return figures;
}
