import type { Connector } from '@cwb/connector-sdk';
import type { RecordKind } from '@cwb/contracts';
import { hashKeyFromEnvironment, hrExtractConnector } from '@cwb/connector-hr-extract';
import { grantsConnector } from '@cwb/connector-grants-360giving';
import { landAssetsConnector, nhsEricConnector } from '@cwb/connector-land-assets';
import { orgRegistersConnector } from '@cwb/connector-org-registers';
import { transparencySpendConnector } from '@cwb/connector-transparency-spend';

/**
 * Connectors by the name used in `cwb.config.yaml` (`sources[].connector`).
 * A new connector package is registered here with one line.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const connectors: Record<string, Connector<any, any>> = {
  'transparency-spend': transparencySpendConnector,
  // The pseudonymisation key is read from CWB_HASH_KEY when an HR file is read (never queued).
  'hr-extract': hrExtractConnector({ hashKey: () => hashKeyFromEnvironment() }),
  'land-assets': landAssetsConnector(),
  'nhs-eric': nhsEricConnector(),
  'grants-360giving': grantsConnector(),
  'org-registers': orgRegistersConnector(),
};

/** Connectors whose rows are not AP transactions (the loader needs to know where they go). */
const recordKinds: Record<string, RecordKind> = { 'hr-extract': 'workforce', 'land-assets': 'land_asset', 'grants-360giving': 'grant', 'org-registers': 'organisation', 'nhs-eric': 'nhs_estate_return' };

export function recordKindOf(connectorName: string): RecordKind {
  return recordKinds[connectorName] ?? 'ap_transaction';
}

export function connectorByName(name: string): Connector<unknown, object> {
  const connector = connectors[name];
  if (!connector) {
    throw new Error(`unknown connector "${name}"; available: ${Object.keys(connectors).join(', ')}`);
  }
  return connector;
}
