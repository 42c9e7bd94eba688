import type { StagedApTransaction } from '@cwb/contracts';
import type { Connector } from './connector';

/**
 * Declares a connector. The definition is checked once (a kebab-case name, all four
 * operations present) and frozen, so every connector can be run by the same worker and
 * the same conformance kit.
 */
export function defineConnector<Spec, Row = StagedApTransaction>(definition: Connector<Spec, Row>): Connector<Spec, Row> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(definition.name)) {
    throw new Error(`connector name "${definition.name}" must be kebab-case (lower-case letters, digits and dashes)`);
  }
  for (const operation of ['check', 'discover', 'read'] as const) {
    if (typeof definition[operation] !== 'function') {
      throw new Error(`connector ${definition.name} has no ${operation}() function`);
    }
  }
  return Object.freeze({ ...definition });
}
