import type { CompatibilityReport, Deployment, DeployStep, MetisProblem, MetisStatus } from '../../shared/contract';

/** How `lcz metis` says that what it shows comes from the simulator: on every block of output. */
export const SIMULATED_NOTE = 'SIMULATED (LCZ_METIS_SIMULATOR=1): no Metis card or Voyager SDK was used';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)} %`);
const fps = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : Math.round(x).toLocaleString('en-US'));

/** `lcz metis devices --json`, in the shape the issue gives (and `simulated` on top, as everything simulated has). */
export function devicesJson(status: MetisStatus) {
  return {
    devices: status.devices.map((d) => ({ pciAddress: d.pciAddress, model: d.model, driver: d.driver, deviceNode: d.deviceNode, accessible: d.accessible, firmware: d.firmware, simulated: d.simulated })),
    sdk: { found: status.sdk.found, version: status.sdk.version, path: status.sdk.path },
    problems: status.problems,
    simulated: status.simulated,
  };
}

export function problemLine(p: MetisProblem): string {
  return `${p.severity === 'blocker' ? 'problem' : 'warning'}: ${p.message}; what to do: ${p.remedy}`;
}

export function devicesText(status: MetisStatus): string {
  const lines: string[] = [];
  if (status.simulated) lines.push(SIMULATED_NOTE, '');
  if (status.devices.length === 0) lines.push('No Metis device found.');
  for (const d of status.devices) {
    const index = d.board ? String(d.board.index) : '-';
    const link = d.usb4 ? ', behind a USB4/Thunderbolt link' : d.switchSiblings ? `, one of ${d.switchSiblings + 1} AIPUs behind a PCIe switch` : '';
    lines.push(
      `${index.padStart(2)}  ${d.pciAddress}  ${d.model}${d.board?.boardType ? ` (${d.board.boardType})` : ''}${link}`,
      `    driver ${d.driver ?? 'none'}, node ${d.deviceNode ?? 'missing'}, ${d.accessible ? 'accessible' : `not accessible${d.accessProblem ? ` (${d.accessProblem})` : ''}`}, firmware ${d.firmware ?? 'unknown'}${d.board?.clockMHz ? `, ${d.board.clockMHz} MHz` : ''}${d.simulated ? ' [simulated]' : ''}`,
    );
  }
  const sdk = status.sdk;
  lines.push('', sdk.found ? `Voyager SDK ${sdk.version ?? '(version unknown)'} at ${sdk.path} (found through ${sdk.via}); driver ${sdk.driverVersion ?? 'unknown'}${sdk.simulated ? ' [simulated]' : ''}` : 'Voyager SDK: not found');
  for (const p of status.problems) lines.push(problemLine(p));
  return `${lines.join('\n')}\n`;
}

export function checkText(r: CompatibilityReport): string {
  const lines = [`${r.model}: ${r.verdict}${r.fixes.length ? ` (LCZ Studio applies: ${r.fixes.join(', ')})` : ''}; opset ${r.opset}; input ${r.input.name} [${r.input.dims.join(', ')}] ${r.input.layout}, ${r.input.channels} channels`];
  if (r.macs !== null) lines.push(`${(r.macs / 1e6).toFixed(1)} M multiply-accumulates per patch`);
  lines.push(`On the AIPU: ${r.operators.filter((o) => o.placement === 'aipu').map((o) => `${o.op} x${o.count}`).join(', ') || 'nothing'}`);
  if (r.host.preamble.length) lines.push(`On the host before the card: ${r.host.preamble.join(', ')}`);
  if (r.host.postamble.length) lines.push(`On the host after the card: ${r.host.postamble.join(', ')}`);
  for (const i of r.issues.filter((x) => x.severity !== 'info')) lines.push(`${i.severity}: ${i.node ? `${i.node}: ` : ''}${i.message}; ${i.remedy}`);
  return `${lines.join('\n')}\n`;
}

export function stepsText(steps: readonly DeployStep[]): string {
  return steps.map((s) => `  ${s.id.padEnd(12)} ${s.status.padEnd(10)} ${s.message ?? ''}`).join('\n');
}

/** `lcz metis deploy --json`: the steps with their status, the accuracies, the FPS, and whether it was simulated. */
export function deployJson(dir: string | null, steps: readonly DeployStep[], deployment: Deployment | null, error: string | null, simulated: boolean) {
  return {
    deployment: dir,
    steps: steps.map((s) => ({ id: s.id, status: s.status, message: s.message })),
    accuracy: deployment?.verification?.accuracy ?? { cpu: null, int8: null, device: null },
    fps: deployment?.benchmark?.fps ?? { device: null, host: null, system: null },
    latencyMs: deployment?.benchmark?.latencyMs ?? null,
    agreementWithCpu: deployment?.verification?.agreementWithCpu ?? null,
    ...(error ? { error } : {}),
    simulated,
  };
}

export function deploymentText(dir: string, d: Deployment): string {
  const v = d.verification;
  const b = d.benchmark;
  const lines = [`Deployment ${dir}${d.simulated ? `\n${SIMULATED_NOTE}` : ''}`, stepsText(d.steps)];
  if (v) {
    lines.push(
      `Accuracy on ${v.patches} patches (${v.data}${v.labelledPatches ? `, ${v.labelledPatches} labelled` : ''}): CPU ${pct(v.accuracy.cpu)}, int8 ${pct(v.accuracy.int8)}, card ${pct(v.accuracy.device)}${d.simulated ? ' (simulated card)' : ''}`,
      `The card agrees with the CPU on ${pct(v.agreementWithCpu)} of the patches${v.agreementWithInt8 !== null ? `, with int8 on ${pct(v.agreementWithInt8)}` : ''}; largest probability difference ${v.maxProbabilityDifference.toFixed(3)}`,
    );
  }
  if (b) lines.push(...benchmarkLines(b));
  return `${lines.join('\n')}\n`;
}

export function benchmarkLines(b: NonNullable<Deployment['benchmark']>): string[] {
  const s = b.simulated ? ' (simulated)' : '';
  const lines = [`FPS${s}: device ${fps(b.fps.device)}, host ${fps(b.fps.host)}, system ${fps(b.fps.system)} (${b.aipuCores} AIPU core${b.aipuCores === 1 ? '' : 's'})`];
  if (b.latencyMs) lines.push(`Latency${s}: p50 ${b.latencyMs.p50?.toFixed(2) ?? 'n/a'} ms, p95 ${b.latencyMs.p95?.toFixed(2) ?? 'n/a'} ms, p99 ${b.latencyMs.p99?.toFixed(2) ?? 'n/a'} ms`);
  lines.push(`Power: ${b.powerW !== null ? `${b.powerW} W` : b.powerNote}`);
  return lines;
}
