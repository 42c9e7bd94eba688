import type { Connector } from '@cwb/connector-sdk';
import { transparencySpendConnector } from '@cwb/connector-transparency-spend';

/**
 * Connectors by the name used in `cwb.config.yaml` (`sources[].connector`).
 * A new connector package is registered here with one line.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const connectors: Record<string, Connector<any>> = {
  'transparency-spend': transparencySpendConnector,
};

export function connectorByName(name: string): Connector<unknown> {
  const connector = connectors[name];
  if (!connector) {
    throw new Error(`unknown connector "${name}"; available: ${Object.keys(connectors).join(', ')}`);
  }
  return connector;
}
