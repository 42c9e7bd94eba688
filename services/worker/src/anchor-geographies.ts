import type { Anchor } from '@cwb/contracts';
import { loadAreaTable, placeHierarchyFor, shippedPlaces, type AreaTable } from '@cwb/reference';
import { geographiesFromConfig, type AnchorGeography, type GeographyBand } from '@cwb/warehouse';

export interface AnchorGeographiesResult {
  geographies: AnchorGeography[];
  /** Anchors whose bands came from the config alone, and why. */
  notes: string[];
}

/**
 * The location bands of every anchor, for the warehouse's raw.anchor_geographies: from the
 * postcode reference's place hierarchy where one is loaded (home, cluster or county, region,
 * nation, rest of UK, with abolished codes mapped to their successor's band); otherwise from
 * the config: home, the configured or smallest shipped cluster/county containing home, and
 * the nation by code.
 */
export async function anchorGeographies(anchors: readonly Anchor[], referencePath: string | null | undefined): Promise<AnchorGeographiesResult> {
  const notes: string[] = [];
  let table: AreaTable | null = null;
  if (referencePath) {
    try {
      table = await loadAreaTable(referencePath);
    } catch (error) {
      notes.push(`reference ${referencePath} has no area tables (${(error as Error).message.split('\n')[0]}); bands come from the config`);
    }
  }
  const geographies: AnchorGeography[] = [];
  for (const anchor of anchors) {
    if (table) {
      try {
        const hierarchy = await placeHierarchyFor(anchor.home, table, anchor.cluster ? { cluster: anchor.cluster } : {});
        const names = new Map(hierarchy.bands.map((b) => [b.band, b]));
        for (const band of hierarchy.bands) {
          if (band.code) geographies.push({ anchor_id: anchor.id, band: band.band as GeographyBand, place_name: band.name, place_code: band.code, lad_code: null });
        }
        for (const lad of hierarchy.lads) {
          const band = names.get(lad.band);
          if (!band || lad.band === 'unknown') continue;
          geographies.push({ anchor_id: anchor.id, band: lad.band as GeographyBand, place_name: band.name, place_code: band.code, lad_code: lad.lad_code });
        }
        // Home codes the reference does not list still count as home.
        for (const code of anchor.home.lad_codes) {
          geographies.push({ anchor_id: anchor.id, band: 'home', place_name: anchor.home.name, place_code: null, lad_code: code });
        }
        continue;
      } catch (error) {
        notes.push(`${anchor.id}: ${(error as Error).message}; bands come from the config`);
      }
    }
    geographies.push(...geographiesFromConfig([anchor]));
    const cluster = clusterFromConfig(anchor);
    if (cluster) {
      for (const code of cluster.lad_codes.filter((c) => !anchor.home.lad_codes.includes(c))) {
        geographies.push({ anchor_id: anchor.id, band: 'cluster', place_name: cluster.name, place_code: null, lad_code: code });
      }
    }
  }
  return { geographies: dedupe(geographies), notes };
}

/** The named cluster, else the smallest shipped cluster or county strictly containing home. */
function clusterFromConfig(anchor: Anchor): { name: string; lad_codes: string[] } | null {
  const home = new Set(anchor.home.lad_codes);
  const contains = (codes: string[]) => [...home].every((c) => codes.includes(c)) && codes.length > home.size;
  if (anchor.cluster) {
    const named = shippedPlaces.find((p) => p.name === anchor.cluster);
    if (!named) throw new Error(`${anchor.id}: no shipped place called "${anchor.cluster}" (known: ${shippedPlaces.map((p) => p.name).join(', ')})`);
    return named;
  }
  const candidates = shippedPlaces.filter((p) => (p.kind === 'cluster' || p.kind === 'county') && contains(p.lad_codes));
  candidates.sort((a, b) => a.lad_codes.length - b.lad_codes.length);
  return candidates[0] ?? null;
}

function dedupe(rows: AnchorGeography[]): AnchorGeography[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.anchor_id}|${r.band}|${r.lad_code ?? ''}|${r.place_code ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
