import { fileURLToPath } from 'node:url';
import { tabularApConnector } from '@cwb/connector-sdk';

/** The folder of this connector's mapping files (one YAML file per layout). */
export const transparencySpendMappingsDir = fileURLToPath(new URL('../mappings', import.meta.url));

/**
 * UK public-sector transparency spend files and ERP AP exports: council "payments over £500",
 * central-government and NHS "spend over £25,000", in CSV (any encoding) or XLSX, from local
 * files, folders, globs or HTTP(S). The layout is chosen from the header among the mappings in
 * `mappings/`, or named in the config.
 *
 * ```ts
 * const cfg = transparencySpendConnector.spec.parse({ path: 'exports/*.csv' });
 * for (const file of await transparencySpendConnector.discover(cfg))
 *   for await (const batch of transparencySpendConnector.read(file, cfg, ctx)) { ... }
 * ```
 */
export const transparencySpendConnector = tabularApConnector({
  name: 'transparency-spend',
  mappings_dir: transparencySpendMappingsDir,
});
