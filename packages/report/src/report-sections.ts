import type { IndicatorRow } from '@cwb/warehouse';
import type { ChartName } from './chart-spec';
import type { ChartData } from './chart-render';
import { type DistrictGeography, MAP_ATTRIBUTION, placeOnMap } from './district-map';
import { escapeHtml, figureCell, figureText, formatGbp, formatShare, workforceFigureText } from './figure-format';
import { type PillarSection, PILLAR_SECTIONS, pillarMetricLabel, pillarMetrics } from './pillar-sections';
import type { ReportFigures } from './report-figures';

/**
 * The report's sections: for each chart, the data it draws (metric rows as they are), the
 * table of the same numbers (each cell keyed to its metric row) and any text around it.
 * Nothing here computes a figure: values are the snapshot's, only picked and labelled.
 */
export interface ReportSection {
  id: string;
  heading: string;
  /** The chart drawn for the section, if it has figures to draw. */
  chart: { name: ChartName; data: ChartData; subtitle: string[] } | null;
  /** Text before the chart (findings, what a figure means), as HTML. */
  lead: string;
  /** The table of the chart's numbers: behind a disclosure, or open for coverage and caveats. */
  table: { columns: string[]; rows: string[][]; open?: boolean } | null;
  /** Said when the section has nothing to show, and why. */
  empty?: string;
}

export interface Entity {
  entity_type: 'anchor' | 'partnership';
  entity_id: string;
  entity_name: string;
}

const BAND_LABELS: Record<string, string> = {
  home: 'Home area',
  cluster: 'Cluster or county',
  region: 'Rest of region',
  nation: 'Rest of nation',
  rest_of_uk: 'Rest of UK',
  outside_uk: 'Outside the UK',
  unknown: 'Unknown location',
};
const BAND_ORDER = Object.keys(BAND_LABELS);

const text = (value: string) => `<td>${escapeHtml(value)}</td>`;

/** Picks metric rows: one metric, optionally one place, with a value. */
class Rows {
  constructor(private readonly rows: readonly IndicatorRow[]) {}
  of(metric: string, place?: string): IndicatorRow[] {
    return this.rows.filter((r) => r.metric === metric && (place === undefined || r.place === place));
  }
  one(metric: string, entity: Entity, period: string, place = 'all'): IndicatorRow | undefined {
    return this.rows.find((r) => r.metric === metric && r.entity_type === entity.entity_type && r.entity_id === entity.entity_id && r.period === period && r.place === place);
  }
}

export function entitiesOf(figures: ReportFigures): Entity[] {
  const seen = new Map<string, Entity>();
  for (const r of figures.indicators) {
    const key = `${r.entity_type}|${r.entity_id}`;
    if (!seen.has(key)) seen.set(key, { entity_type: r.entity_type, entity_id: r.entity_id, entity_name: r.entity_name });
  }
  // anchors first, then partnerships (which add them up)
  return [...seen.values()].sort((a, b) => (a.entity_type === b.entity_type ? a.entity_name.localeCompare(b.entity_name) : a.entity_type === 'anchor' ? -1 : 1));
}

export function yearsOf(figures: ReportFigures): string[] {
  return [...new Set(figures.indicators.map((r) => r.period))].sort();
}

/** A bar's label: the year first, so that a long name is what gets cut short. */
function label(row: Pick<IndicatorRow, 'entity_name' | 'period'>): string {
  return `${row.period}  ${row.entity_name}`;
}

function ordered(rows: IndicatorRow[], entities: Entity[]): IndicatorRow[] {
  const rank = new Map(entities.map((e, i) => [`${e.entity_type}|${e.entity_id}`, i]));
  return [...rows].sort((a, b) => (rank.get(`${a.entity_type}|${a.entity_id}`)! - rank.get(`${b.entity_type}|${b.entity_id}`)!) || a.period.localeCompare(b.period));
}

function localShare(rows: Rows, entities: Entity[]): ReportSection {
  const shares = ordered(rows.of('share_within_place', 'home').filter((r) => r.value !== null), entities);
  const changes = ordered(rows.of('spend_within_place_change', 'home'), entities);
  const sentences = changes.map(
    (c) =>
      `${c.entity_name}: ${c.value === 0 ? 'as much' : `${formatGbp(c.value === null ? null : Math.abs(c.value))} ${c.value !== null && c.value < 0 ? 'less' : 'more'}`} spent in ${c.place_name ?? 'the home area'} in ${c.period} as in the baseline year ${c.baseline_period} (${formatGbp(c.numerator)} against ${formatGbp(c.denominator)}).`.replace(/ more spent (.*) as in the baseline/, ' more spent $1 than in the baseline').replace(/ less spent (.*) as in the baseline/, ' less spent $1 than in the baseline'),
  );
  return {
    id: 'local-share',
    heading: 'How much stays local',
    lead: sentences.length
      ? `<ul class="findings">${sentences.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`
      : '<p>No entity has two financial years yet, so there is no change against a baseline year to report.</p>',
    chart: shares.length
      ? {
          name: 'local-share',
          data: { figures: shares.map((r) => ({ entity: r.entity_name, year: r.period, share: r.value })) },
          subtitle: changes.length ? [`Change in £ retained in the home area against the baseline year (${[...new Set(changes.map((c) => c.baseline_period))].join(', ')}): see the list above`] : [],
        }
      : null,
    table: {
      columns: ['Anchor or partnership', 'Home area', 'Financial year', 'Local share', 'Spent in the home area', 'Influenceable spend'],
      rows: ordered(rows.of('share_within_place', 'home'), entities).map((r) => {
        const spend = rows.one('spend_within_place', r, r.period, 'home');
        return [text(r.entity_name), text(r.place_name ?? ''), text(r.period), figureCell(r), spend ? figureCell(spend) : text('–'), spend ? figureCell(spend, 'denominator') : text('–')];
      }).concat(
        changes.map((c) => [text(c.entity_name), text(c.place_name ?? ''), text(`${c.period} vs ${c.baseline_period}`), text('change in £ retained'), figureCell(c), text('')]),
      ),
    },
    empty: shares.length ? undefined : 'No influenceable spend in the selection.',
  };
}

function locationBands(rows: Rows, entities: Entity[]): ReportSection {
  const bands = ordered(rows.of('spend_in_place'), entities)
    .filter((r) => r.value !== null && r.denominator !== null)
    .sort((a, b) => BAND_ORDER.indexOf(a.place) - BAND_ORDER.indexOf(b.place));
  const sorted = ordered(bands, entities);
  return {
    id: 'location-bands',
    heading: 'Where the suppliers are',
    lead: '<p>Each anchor\'s payments are banded against its own home; a partnership adds up its anchors\' bands. Spend whose supplier could not be located stays in its own band, never dropped.</p>',
    chart: sorted.length
      ? {
          name: 'location-bands',
          data: { figures: sorted.map((r) => ({ label: label(r), band: BAND_LABELS[r.place] ?? r.place, band_order: BAND_ORDER.indexOf(r.place), spend_gbp: r.value })) },
          subtitle: [],
        }
      : null,
    table: {
      columns: ['Anchor or partnership', 'Financial year', 'Location band', 'Place', 'Influenceable spend'],
      rows: sorted.map((r) => [text(r.entity_name), text(r.period), text(BAND_LABELS[r.place] ?? r.place), text(r.place_name ?? ''), figureCell(r)]),
    },
    empty: sorted.length ? undefined : 'No influenceable spend in the selection.',
  };
}

/** The entity and year the map shows: the first partnership (else the first anchor), its latest year with spend. */
export function mapSubject(rows: readonly IndicatorRow[], entities: Entity[]): { entity: Entity; year: string } | null {
  for (const entity of [...entities.filter((e) => e.entity_type === 'partnership'), ...entities.filter((e) => e.entity_type === 'anchor')]) {
    const years = rows.filter((r) => r.metric === 'spend_by_supplier_lad' && r.entity_type === entity.entity_type && r.entity_id === entity.entity_id && r.place !== 'unknown').map((r) => r.period);
    if (years.length) return { entity, year: years.sort().at(-1)! };
  }
  return null;
}

function districtMap(rows: Rows, entities: Entity[], geography: DistrictGeography): ReportSection {
  const subject = mapSubject(rows.of('spend_by_supplier_lad'), entities);
  const base = { id: 'district-map', heading: 'Spend by supplier local authority' };
  if (!subject) return { ...base, lead: '', chart: null, table: null, empty: 'No supplier in the selection was located in a local authority, so there is nothing to map (see Coverage and caveats).' };
  const forSubject = rows.of('spend_by_supplier_lad').filter((r) => r.entity_type === subject.entity.entity_type && r.entity_id === subject.entity.entity_id && r.period === subject.year);
  const placed = placeOnMap(geography, forSubject);
  const withSpend = placed.mapped.flatMap((d) =>
    d.boundaries.map((b) => ({ ...b, properties: { ...b.properties, name: d.name, codes: d.rows.map((r) => r.place).join(', '), spend_gbp: d.spend_gbp } })),
  );
  const subtitle = [
    `${subject.entity.entity_name}, ${subject.year}`,
    ...placed.noBoundary.map((r) => `No boundary on this map: ${r.place} ${formatGbp(r.value)}`),
    ...(placed.unknown ? [`Supplier not located: ${formatGbp(placed.unknown.value)}`] : []),
    ...MAP_ATTRIBUTION,
  ];
  const tableRows = [
    ...placed.mapped.flatMap((d) => d.rows.map((r) => [text(d.name), text(r.place), text(d.boundaries.length > 1 ? `drawn as ${d.boundaries.length} districts of 2013 (${d.boundaries.map((b) => b.properties.name).join(', ')})` : d.code === r.place ? 'on the map' : `on the map as ${d.code}`), figureCell(r), figureCell(r, 'denominator')])),
    ...placed.noBoundary.map((r) => [text('no boundary'), text(r.place), text('not on the map: no boundary for this code'), figureCell(r), figureCell(r, 'denominator')]),
    ...(placed.unknown ? [[text('Unknown location'), text('unknown'), text('supplier not located'), figureCell(placed.unknown), figureCell(placed.unknown, 'denominator')]] : []),
  ];
  return {
    ...base,
    lead: `<p>${escapeHtml(`${subject.entity.entity_name}, ${subject.year}: influenceable spend with suppliers in ${placed.mapped.length} local authorit${placed.mapped.length === 1 ? 'y' : 'ies'}.`)} Districts merged since 2013 are drawn as the districts they replaced; a code with no boundary is listed under the map with its spend.</p>`,
    chart: { name: 'district-map', data: { districts: geography.districts, districts_with_spend: withSpend }, subtitle },
    table: { columns: ['District', 'Supplier LAD code', 'On the map', 'Influenceable spend', 'Of influenceable spend in all'], rows: tableRows },
  };
}

function shareBars(rows: Rows, entities: Entity[], id: 'deprived-areas' | 'supplier-types', heading: string, measures: [string, string][], lead: string): ReportSection {
  const picked = ordered(measures.flatMap(([metric]) => rows.of(metric)), entities).filter((r) => r.value !== null);
  const labelOf = new Map(measures);
  return {
    id,
    heading,
    lead: `<p>${escapeHtml(lead)}</p>`,
    chart: picked.length
      ? { name: id, data: { figures: picked.map((r) => ({ label: label(r), measure: labelOf.get(r.metric), share: r.value, coverage: r.coverage })) }, subtitle: [] }
      : null,
    table: {
      columns: ['Anchor or partnership', 'Financial year', 'Indicator', 'Share of influenceable spend', 'Spend', 'Coverage (spend whose attribute is known)'],
      rows: ordered(measures.flatMap(([metric]) => rows.of(metric)), entities).map((r) => [text(r.entity_name), text(r.period), text(labelOf.get(r.metric) ?? r.metric), figureCell(r), figureCell(r, 'numerator'), figureCell(r, 'coverage')]),
    },
    empty: picked.length ? undefined : 'No influenceable spend in the selection.',
  };
}

function leakage(figures: ReportFigures, entities: Entity[]): ReportSection {
  const subject = mapSubject(figures.indicators, entities) ?? (entities[0] ? { entity: entities[0], year: yearsOf(figures).at(-1) ?? '' } : null);
  const rows = subject ? figures.leakage.filter((r) => r.entity_type === subject.entity.entity_type && r.entity_id === subject.entity.entity_id && r.period === subject.year && r.non_local_spend_gbp > 0) : [];
  const cell = (r: (typeof rows)[number], field: 'non_local_spend_gbp' | 'spend_gbp' | 'non_local_share' | 'local_firms_in_sector') => {
    const value = r[field];
    const shown = field === 'non_local_share' ? formatShare(value) : field === 'local_firms_in_sector' ? (value === null ? 'not known' : String(value)) : formatGbp(value);
    return `<td class="num" data-leakage="${escapeHtml([r.entity_type, r.entity_id, r.period, r.dimension, r.rank, field].join('|'))}">${escapeHtml(shown)}</td>`;
  };
  const itemLabel = (r: (typeof rows)[number]) => `${r.dimension === 'sector' ? 'Sector' : 'Expense type'}: ${r.item}${r.local_firms_in_sector === null ? '' : ` (${r.local_firms_in_sector} local firms)`}`;
  return {
    id: 'leakage',
    heading: 'Biggest leakage',
    lead: subject
      ? `<p>${escapeHtml(`${subject.entity.entity_name}, ${subject.year}: the expense types and sectors with the most spend with suppliers outside the home area, and how many firms are registered in the home area in the same sector (where a register is loaded). From metrics.leakage.`)}</p>`
      : '',
    chart: rows.length
      ? { name: 'leakage', data: { figures: rows.map((r) => ({ label: itemLabel(r), dimension: r.dimension === 'sector' ? 'Sector (SIC section)' : 'Expense type', non_local_spend_gbp: r.non_local_spend_gbp, local_firms: r.local_firms_in_sector ?? 'not known' })) }, subtitle: [] }
      : null,
    table: rows.length
      ? {
          columns: ['Grouped by', 'Rank', 'Expense type or sector', 'Outside the home area', 'All influenceable spend', 'Share outside', 'Local firms in the sector'],
          rows: rows.map((r) => [text(r.dimension), text(String(r.rank)), text(r.item), cell(r, 'non_local_spend_gbp'), cell(r, 'spend_gbp'), cell(r, 'non_local_share'), cell(r, 'local_firms_in_sector')]),
        }
      : null,
    empty: rows.length ? undefined : 'No located spend outside the home area in the selection.',
  };
}

const WORKFORCE_SHARES: [string, string, string][] = [
  ['staff_by_place', 'home', 'Staff living in the home area'],
  ['staff_most_deprived_10pct', 'all', 'Staff living in the most deprived 10%'],
  ['staff_most_deprived_20pct', 'all', 'Staff living in the most deprived 20%'],
  ['staff_paid_living_wage', 'all', 'Paid at least the real living wage'],
  ['new_starters_living_locally', 'all', 'New starters living locally'],
];

function workforce(figures: ReportFigures): ReportSection {
  const rows = figures.workforce;
  const base = { id: 'workforce', heading: 'Workforce' };
  if (rows.length === 0) return { ...base, lead: '', chart: null, table: null, empty: 'No HR extract is loaded for the selection, so there are no workforce indicators (see cwb ingest --kind hr).' };
  const measureOf = (metric: string, place: string) => WORKFORCE_SHARES.find(([m, p]) => m === metric && p === place)?.[2];
  const drawn = rows.filter((r) => measureOf(r.metric, r.place) && !r.is_suppressed && r.value !== null);
  const cellValue = (r: (typeof rows)[number]) => {
    return `<td class="num" data-workforce="${escapeHtml([r.metric, r.entity_type, r.entity_id, r.snapshot_date, r.place, r.category].join('|'))}">${escapeHtml(workforceFigureText(r))}</td>`;
  };
  return {
    ...base,
    lead: '<p>Cells of fewer people than the warehouse\'s threshold, and cells that would reveal them, are suppressed in the warehouse and shown here as suppressed, exactly as published.</p>',
    chart: drawn.length
      ? { name: 'workforce', data: { figures: drawn.map((r) => ({ label: label({ entity_name: r.entity_name, period: r.snapshot_date }), measure: measureOf(r.metric, r.place), share: r.value })) }, subtitle: [] }
      : null,
    table: {
      columns: ['Anchor or partnership', 'Snapshot date', 'Indicator', 'Place', 'Category', 'Value'],
      rows: rows.map((r) => [text(r.entity_name), text(r.snapshot_date), text(r.metric), text(r.place), text(r.category), cellValue(r)]),
    },
  };
}

/**
 * A pillar measured by fact metrics (finance, land and property, plural ownership): findings
 * from its headline metrics, and the table of every metric row of its catalogue sections with
 * the numerator, denominator and coverage the row states (open on the page: these are the figures).
 */
function pillar(rows: Rows, entities: Entity[], section: PillarSection): ReportSection {
  const metrics = pillarMetrics(section);
  const rank = new Map(metrics.map((m, i) => [m, i]));
  // by entity and year (ordered's sort is stable), then metric in catalogue order and category
  const picked = ordered(
    metrics.flatMap((metric) => rows.of(metric)).sort((a, b) => rank.get(a.metric)! - rank.get(b.metric)! || (a.category ?? '').localeCompare(b.category ?? '')),
    entities,
  );
  // findings: the headline rows with a figure, leaving out counts of nothing (a share of 0 is said, with its coverage)
  const findings = ordered(section.headline.flatMap((metric) => rows.of(metric)), entities).filter((r) => r.value !== null && (r.unit === 'share' || (r.numerator ?? 0) !== 0));
  const finding = (r: IndicatorRow) =>
    `${r.entity_name}, ${r.period}${r.place_name ? ` (${r.place_name})` : ''}: ${pillarMetricLabel(r.metric)}${r.category && r.category !== 'all' ? ` (${r.category})` : ''} ${figureText(r)}${r.denominator !== null && r.unit !== 'gbp' ? ` (${figureText(r, 'numerator')} of ${figureText(r, 'denominator')})` : ''}${r.coverage !== null ? `; coverage ${formatShare(r.coverage)}` : ''}.`;
  return {
    id: section.id,
    heading: section.heading,
    lead: `<p>${escapeHtml(section.lead)}</p>${findings.length ? `<ul class="findings">${findings.map((r) => `<li>${escapeHtml(finding(r))}</li>`).join('')}</ul>` : ''}`,
    chart: null,
    table: picked.length
      ? {
          columns: ['Anchor or partnership', 'Financial year', 'Place', 'Indicator', 'Category', 'Value', 'Numerator', 'Denominator', 'Coverage'],
          rows: picked.map((r) => [text(r.entity_name), text(r.period), text(r.place_name ?? ''), text(pillarMetricLabel(r.metric)), text(r.category === 'all' || r.category === null ? '' : r.category), figureCell(r), figureCell(r, 'numerator'), figureCell(r, 'denominator'), figureCell(r, 'coverage')]),
          open: true,
        }
      : null,
    empty: picked.length ? undefined : section.empty,
  };
}

function coverage(rows: Rows, figures: ReportFigures, entities: Entity[]): ReportSection {
  const caveats: [string, string][] = [
    ['coverage_unknown_location', 'Supplier location unknown'],
    ['coverage_unmatched', 'Supplier not matched to a register'],
    ['coverage_excluded', 'Excluded from influenceable spend'],
    ['coverage_located', 'Supplier located'],
  ];
  const totals = ordered(rows.of('total_spend'), entities);
  const tableRows = totals.flatMap((total) =>
    caveats.flatMap(([metric, what]) => {
      const r = rows.one(metric, total, total.period);
      return r ? [[text(r.entity_name), text(r.period), text(what), figureCell(r, 'numerator'), figureCell(r), figureCell(total)]] : [];
    }),
  );
  const fileRows = figures.files.map((f) => {
    const cell = (value: number, field: string) => `<td class="num" data-files="${escapeHtml(`${f.anchor_id}|${field}`)}">${escapeHtml(value.toLocaleString('en-GB'))}</td>`;
    return [text(f.anchor_id), cell(f.files, 'files'), cell(f.rows_read, 'rows_read'), cell(f.rows_loaded, 'rows_loaded'), cell(f.rows_quarantined, 'rows_quarantined'), cell(f.rows_skipped, 'rows_skipped'), text(f.rows_read ? formatShare(f.rows_quarantined / f.rows_read) : '–')];
  });
  const fileTable = `<table><caption>Rows read from the anchors' files (audit.source_files). A quarantined row never became a payment: its amount could not be read or trusted, so it is counted in rows, not pounds; cwb query "select * from audit.quarantine" lists each with its reason.</caption><thead><tr>${['Anchor', 'Files', 'Rows read', 'Loaded', 'Quarantined', 'Skipped (totals lines…)', 'Quarantined share of rows'].map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead><tbody>${fileRows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table>`;
  return {
    id: 'coverage',
    heading: 'Coverage and caveats',
    lead: `<p>What the figures above rest on: spend whose supplier could not be located or matched stays in every total (as its own band or as unknown), and is counted here.</p>${fileTable}`,
    chart: null,
    table: { columns: ['Anchor or partnership', 'Financial year', 'Caveat', 'Spend', 'Share of total spend', 'Total spend'], rows: tableRows, open: true },
  };
}

/** Every section of the report, in page order. */
export function reportSections(figures: ReportFigures, geography: DistrictGeography): ReportSection[] {
  const rows = new Rows(figures.indicators);
  const entities = entitiesOf(figures);
  return [
    localShare(rows, entities),
    locationBands(rows, entities),
    districtMap(rows, entities, geography),
    shareBars(rows, entities, 'deprived-areas', 'Spend in the most deprived areas', [['spend_most_deprived_10pct', 'Most deprived 10%'], ['spend_most_deprived_20pct', 'Most deprived 20%']], "Deciles are those of each nation's own index (IoD 2019 for England, WIMD 2019 for Wales), never compared across nations."),
    shareBars(rows, entities, 'supplier-types', 'SMEs, the VCSE sector and local ownership', [['sme_spend', 'SMEs'], ['vcse_spend', 'VCSE'], ['locally_owned_spend', 'Locally owned']], 'Each share is of influenceable spend; the coverage column says how much of it had a known size, organisation type or ownership.'),
    leakage(figures, entities),
    workforce(figures),
    ...PILLAR_SECTIONS.map((section) => pillar(rows, entities, section)),
    coverage(rows, figures, entities),
  ];
}
