import { createHash } from 'node:crypto';
import type { Topology } from './topology';

/**
 * Keys cwb keeps in Redis beside BullMQ's own (all under the deployment's prefix, so a
 * test's prefix never sees another's): the active-run pointer, the run ledger, fired
 * schedule slots, loaded-file cursors and sent alerts.
 */
export const redisKeys = {
  activeRun: (t: Topology) => `${t.prefix}:cwb:active-run`,
  runIndex: (t: Topology) => `${t.prefix}:cwb:runs`,
  run: (t: Topology, runId: string) => `${t.prefix}:cwb:run:${runId}`,
  scheduleSlot: (t: Topology, slot: string) => `${t.prefix}:cwb:slot:${slot}`,
  plannedFiles: (t: Topology, runId: string) => `${t.prefix}:cwb:planned-files:${runId}`,
  loadedFiles: (t: Topology, warehousePath: string) => `${t.prefix}:cwb:loaded-files:${warehouseKey(warehousePath)}`,
  alertSent: (t: Topology, kind: string, runId: string) => `${t.prefix}:cwb:alert:${kind}:${runId}`,
};

/** A short, stable key for a warehouse file path (cursors belong to one warehouse). */
export function warehouseKey(warehousePath: string): string {
  return createHash('sha256').update(warehousePath).digest('hex').slice(0, 16);
}
