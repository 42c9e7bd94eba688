import type { Place } from '@cwb/contracts';
import { loadAreaTable, type AreaTable } from './area-table';

export interface PlaceIssue {
  severity: 'error' | 'warning';
  place: string;
  code: string;
  message: string;
}

/**
 * Check every place's codes against a reference (path or loaded AreaTable). Errors name the
 * place and the code: a code the reference does not know, or a code that is not a local
 * authority (a county or region code in `lad_codes`). An abolished code is a warning naming
 * its successor; it still matches, because locations are compared on current codes.
 */
export async function validatePlaces(places: readonly Place[], reference: string | AreaTable): Promise<PlaceIssue[]> {
  const table = typeof reference === 'string' ? await loadAreaTable(reference) : reference;
  const issues: PlaceIssue[] = [];
  for (const place of places) {
    const seen = new Set<string>();
    for (const code of place.lad_codes) {
      if (seen.has(code)) {
        issues.push({ severity: 'warning', place: place.name, code, message: `place "${place.name}" lists ${code} twice` });
        continue;
      }
      seen.add(code);
      const lad = table.lads.get(code);
      const named = table.names.get(code);
      if (!lad) {
        issues.push({
          severity: 'error',
          place: place.name,
          code,
          message: named
            ? `place "${place.name}": ${code} is a ${named.level} (${named.name}), not a local authority; list its local authority codes instead`
            : `place "${place.name}": unknown local-authority code ${code} (not in reference ${table.vintage}); check it against the ONS LAD names and codes list`,
        });
      } else if (lad.successor_code) {
        issues.push({
          severity: 'warning',
          place: place.name,
          code,
          message: `place "${place.name}": ${code} (${lad.lad_name ?? 'unnamed'}) was replaced by ${lad.successor_code} (${lad.successor_name}) on ${lad.successor_from}`,
        });
      }
    }
  }
  return issues;
}
