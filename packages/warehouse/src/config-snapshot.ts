import { indicatorSettingsSchema, type Anchor, type IndicatorSettingsInput, type Partnership } from '@cwb/contracts';
import { livingWageRates } from '@cwb/workforce';
import { buildSettings } from './build-settings';
import { resolveExclusions } from './exclusions';
import type { Warehouse } from './warehouse-connection';
import { OWNERSHIP_FORM_RULE_COLUMNS, ownershipFormRuleRows } from './ownership-forms';

/** The config snapshot in raw: anchors, their geographies, and the row writer the build uses for the rest. */
/** The location bands a geography row can fill (outside_uk and unknown need no list). */
export type GeographyBand = 'home' | 'cluster' | 'region' | 'nation' | 'rest_of_uk';

/** One local-authority code in one of an anchor's location bands (raw.anchor_geographies). */
export interface AnchorGeography {
  anchor_id: string;
  band: GeographyBand;
  place_name: string;
  place_code: string | null;
  lad_code: string | null;
}

/** Replaces the configured anchors (a snapshot of the config, no personal data). */
export async function writeAnchors(warehouse: Warehouse, anchors: readonly Anchor[]): Promise<void> {
  await insertRows(
    warehouse,
    'raw.anchors',
    ['anchor_id', 'anchor_name', 'anchor_type', 'home_name', 'home_lad_codes'],
    anchors.map((a) => [a.id, a.name, a.type, a.home.name, a.home.lad_codes]),
    new Set(['home_lad_codes']),
  );
}

const nations: Record<string, { code: string; name: string }> = {
  E: { code: 'E92000001', name: 'England' },
  W: { code: 'W92000004', name: 'Wales' },
  S: { code: 'S92000003', name: 'Scotland' },
  N: { code: 'N92000002', name: 'Northern Ireland' },
};

/**
 * The geography rows the config alone gives: the home area's LADs, and its nation (from the
 * GSS code's first letter) when every home LAD is in one nation. The worker adds the cluster,
 * region and rest-of-UK bands from the postcode reference where one is loaded.
 */
export function geographiesFromConfig(anchors: readonly Anchor[]): AnchorGeography[] {
  return anchors.flatMap((anchor) => {
    const rows: AnchorGeography[] = anchor.home.lad_codes.map((lad_code) => ({
      anchor_id: anchor.id,
      band: 'home',
      place_name: anchor.home.name,
      place_code: null,
      lad_code,
    }));
    const letters = new Set(anchor.home.lad_codes.map((c) => c[0] ?? ''));
    const nation = letters.size === 1 ? nations[[...letters][0] ?? ''] : undefined;
    if (nation) rows.push({ anchor_id: anchor.id, band: 'nation', place_name: nation.name, place_code: nation.code, lad_code: null });
    return rows;
  });
}

export async function insertRows(
  warehouse: Warehouse,
  table: string,
  columns: string[],
  rows: unknown[][],
  listColumns: ReadonlySet<string> = new Set(),
): Promise<void> {
  await warehouse.run(`delete from ${table}`);
  if (rows.length === 0) return;
  // One statement per 500 rows: set-based, and a few hundred geography rows per anchor stay cheap
  // (a statement per row made the config snapshot most of a small incremental build).
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const params: (string | number | boolean | null)[] = [];
    const tuples = chunk.map((row) => {
      const cells = row.map((value, i) => {
        const isList = listColumns.has(columns[i] ?? '');
        params.push((isList ? JSON.stringify(value) : value) as string | number | boolean | null);
        return isList ? `from_json($${params.length}, '["VARCHAR"]')` : `$${params.length}`;
      });
      return `(${cells.join(', ')})`;
    });
    await warehouse.run(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, params);
  }
}

export interface ConfigSnapshot {
  partnerships?: readonly Partnership[];
  /** Location bands per anchor; default geographiesFromConfig(anchors). */
  geographies?: readonly AnchorGeography[];
  settings?: IndicatorSettingsInput;
}

/**
 * Writes the config snapshot into raw in one transaction: anchors, partnerships, geographies,
 * the resolved exclusion rules, the build settings and the living wage rates (no personal data).
 */
export async function writeConfigSnapshot(warehouse: Warehouse, anchors: readonly Anchor[], snapshot: ConfigSnapshot = {}): Promise<void> {
  const settings = buildSettings(snapshot.settings);
  const resolved = resolveExclusions(indicatorSettingsSchema.parse(snapshot.settings ?? {}).exclusions);
  await warehouse.transaction(async () => {
    await writeAnchors(warehouse, anchors);
    const known = new Set(anchors.map((a) => a.id));
    await insertRows(
      warehouse,
      'raw.partnership_members',
      ['partnership_id', 'partnership_name', 'anchor_id'],
      (snapshot.partnerships ?? []).flatMap((p) => [...new Set(p.anchors)].filter((a) => known.has(a)).map((a) => [p.id, p.name, a])),
    );
    await insertRows(
      warehouse,
      'raw.anchor_geographies',
      ['anchor_id', 'band', 'place_name', 'place_code', 'lad_code'],
      (snapshot.geographies ?? geographiesFromConfig(anchors)).map((g) => [g.anchor_id, g.band, g.place_name, g.place_code, g.lad_code]),
    );
    await insertRows(
      warehouse,
      'raw.exclusion_rules',
      ['rule_id', 'flag', 'label', 'is_excluded', 'supplier_name', 'expense_type', 'expense_area', 'category', 'description', 'organisation_types', 'procurement_card'],
      resolved.rules.map((r) => [
        r.id, r.flag, r.label, resolved.excludedFlags.includes(r.flag),
        r.supplier_name, r.expense_type, r.expense_area, r.category, r.description, r.organisation_types, r.procurement_card,
      ]),
      new Set(['supplier_name', 'expense_type', 'expense_area', 'category', 'description', 'organisation_types']),
    );
    await insertRows(warehouse, 'raw.build_settings', ['key', 'value'], [
      ['baseline_year', settings.baselineYear ?? null],
      ['top_suppliers', String(settings.topN)],
      ['min_match_confidence', String(settings.minMatchConfidence)],
      ['excluded_flags', settings.excludedFlags.join(',')],
    ]);
    // The shipped real living wage table (the workforce indicators read it).
    await insertRows(
      warehouse,
      'raw.living_wage_rates',
      ['area', 'rate_pence', 'announced_on', 'implement_by', 'rate_year', 'source_note'],
      livingWageRates().map((r) => [r.area, r.rate_pence, r.announced_on, r.implement_by, r.rate_year, r.source_note]),
    );
    // The ownership-form rules (catalogue/ownership-forms.yaml) the plural-ownership models apply.
    await insertRows(warehouse, 'raw.ownership_form_rules', OWNERSHIP_FORM_RULE_COLUMNS, ownershipFormRuleRows());
  });
}
