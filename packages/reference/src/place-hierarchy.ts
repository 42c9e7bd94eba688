import type { Place } from '@cwb/contracts';
import { z } from 'zod';
import { currentLadCode, loadAreaTable, type AreaTable } from './area-table';
import { shippedPlaces, type PlaceDefinition } from './places';

/** Location bands, nearest first. Every located supplier falls in exactly one. */
export const locationBandSchema = z.enum(['home', 'cluster', 'region', 'nation', 'rest_of_uk', 'outside_uk', 'unknown']);
export type LocationBand = z.infer<typeof locationBandSchema>;

/** Country codes of the UK nations; L93000001 (Channel Islands) and M83000003 (Isle of Man) are outside. */
const UK_COUNTRIES = new Set(['E92000001', 'W92000004', 'S92000003', 'N92000002']);

export interface BandDefinition {
  band: LocationBand;
  /** e.g. "Preston", "Lancashire", "North West", "England", "Rest of UK". */
  name: string;
  /** The area code behind a region or nation band. */
  code: string | null;
  /** Current LAD codes in this band (and not in a nearer one). */
  lad_codes: string[];
}

export interface PlaceHierarchy {
  /** The reference vintage the hierarchy was built from. */
  vintage: string;
  bands: BandDefinition[];
  /** Every LAD code the reference knows, abolished ones included, with its band. */
  lads: { lad_code: string; current_lad_code: string; band: LocationBand }[];
  /** The band of one location (from locatePostcodes or the warehouse). */
  bandFor(location: { status: 'located' | 'no_area'; lad_code: string | null; country_code: string | null } | null | undefined): LocationBand;
}

export interface PlaceHierarchyOptions {
  /** Places to choose the cluster/county band from (default: shippedPlaces). */
  places?: readonly PlaceDefinition[];
  /** Force the cluster band to this place name (must contain the home area). */
  cluster?: string;
}

/**
 * The default hierarchy for an anchor's home area: home, then the smallest cluster or county
 * containing it, its region (England only), its nation, the rest of the UK, outside the UK,
 * unknown. Abolished codes on either side are mapped to their current successor first, so a
 * supplier located with one vintage and an anchor configured with another still meet.
 */
export async function placeHierarchyFor(
  home: Place | readonly string[],
  reference: string | AreaTable,
  options: PlaceHierarchyOptions = {},
): Promise<PlaceHierarchy> {
  const table = typeof reference === 'string' ? await loadAreaTable(reference) : reference;
  const homePlace: Place = Array.isArray(home) ? { name: 'Home', lad_codes: [...(home as readonly string[])] } : (home as Place);
  const current = (code: string) => currentLadCode(table, code);
  const homeSet = new Set(homePlace.lad_codes.map(current));
  const unknown = [...homeSet].filter((c) => !table.lads.has(c));
  if (unknown.length > 0) {
    throw new Error(`home area "${homePlace.name}" names unknown local-authority code(s) ${unknown.join(', ')} (reference ${table.vintage}); run validatePlaces for details`);
  }

  const currentLads = [...new Set([...table.lads.keys()].map(current))];
  const entry = (code: string) => table.lads.get(code);
  const claimed = new Set(homeSet);
  const bands: BandDefinition[] = [{ band: 'home', name: homePlace.name, code: null, lad_codes: [...homeSet].sort() }];

  const cluster = chooseCluster(homeSet, options, current);
  if (cluster) {
    const lads = [...new Set(cluster.lad_codes.map(current))].filter((c) => !claimed.has(c)).sort();
    lads.forEach((c) => claimed.add(c));
    bands.push({ band: 'cluster', name: cluster.name, code: null, lad_codes: lads });
  }
  const shared = (pick: (code: string) => string | null | undefined) => {
    const values = new Set([...homeSet].map(pick));
    return values.size === 1 ? ([...values][0] ?? null) : null;
  };
  const region = shared((c) => entry(c)?.region_code);
  if (region) {
    const lads = currentLads.filter((c) => !claimed.has(c) && entry(c)?.region_code === region).sort();
    lads.forEach((c) => claimed.add(c));
    bands.push({ band: 'region', name: table.names.get(region)?.name ?? region, code: region, lad_codes: lads });
  }
  const nation = shared((c) => entry(c)?.country_code);
  if (nation) {
    const lads = currentLads.filter((c) => !claimed.has(c) && entry(c)?.country_code === nation).sort();
    lads.forEach((c) => claimed.add(c));
    bands.push({ band: 'nation', name: table.names.get(nation)?.name ?? nation, code: nation, lad_codes: lads });
  }
  const restOfUk = currentLads.filter((c) => !claimed.has(c) && UK_COUNTRIES.has(entry(c)?.country_code ?? '')).sort();
  restOfUk.forEach((c) => claimed.add(c));
  bands.push({ band: 'rest_of_uk', name: 'Rest of UK', code: null, lad_codes: restOfUk });

  const bandOfCurrent = new Map<string, LocationBand>();
  for (const b of bands) for (const c of b.lad_codes) bandOfCurrent.set(c, b.band);
  const lads = [...table.lads.keys()].sort().map((lad_code) => {
    const cur = current(lad_code);
    return { lad_code, current_lad_code: cur, band: bandOfCurrent.get(cur) ?? ('unknown' as LocationBand) };
  });

  return {
    vintage: table.vintage,
    bands,
    lads,
    bandFor(location) {
      if (!location) return 'unknown';
      if (location.country_code && !UK_COUNTRIES.has(location.country_code)) return 'outside_uk';
      if (location.status !== 'located' || !location.lad_code) return 'unknown';
      return bandOfCurrent.get(current(location.lad_code)) ?? 'unknown';
    },
  };
}

/** The named cluster, or the smallest cluster/county place strictly containing the home area. */
function chooseCluster(homeSet: Set<string>, options: PlaceHierarchyOptions, current: (code: string) => string): PlaceDefinition | null {
  const places = options.places ?? shippedPlaces;
  const contains = (p: PlaceDefinition) => {
    const set = new Set(p.lad_codes.map(current));
    return [...homeSet].every((c) => set.has(c)) && set.size > homeSet.size;
  };
  if (options.cluster) {
    const named = places.find((p) => p.name === options.cluster);
    if (!named) throw new Error(`no place called "${options.cluster}" (known: ${places.map((p) => p.name).join(', ')})`);
    if (!contains(named)) throw new Error(`place "${named.name}" does not contain every home local authority, so it cannot be the cluster band`);
    return named;
  }
  const candidates = places.filter((p) => (p.kind === 'cluster' || p.kind === 'county') && contains(p));
  candidates.sort((a, b) => a.lad_codes.length - b.lad_codes.length);
  return candidates[0] ?? null;
}
