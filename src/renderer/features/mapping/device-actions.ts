import { api } from '../../api';
import { mappingStore } from './mapping-store';

let latest = 0;

/**
 * The deployments of the one chosen model, for the device choice. A device that is not one of them any more (another
 * model chosen, an ensemble) falls back to this computer.
 */
export async function loadMappingDeployments(): Promise<void> {
  const { selected } = mappingStore.get();
  const ticket = ++latest;
  const bundle = selected.length === 1 ? selected[0]! : null;
  const deployments = bundle ? await api.invoke('metis/deployments', { bundle }).catch(() => []) : [];
  if (ticket !== latest) return;
  const device = mappingStore.get().device;
  mappingStore.set({ deployments, device: device && deployments.some((d) => d.dir === device.deployment) ? device : null });
}

export function chooseDevice(deployment: string | null): void {
  mappingStore.set({ device: deployment ? { deployment } : null });
}
