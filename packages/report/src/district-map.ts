import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Feature, Geometry, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { z } from 'zod';
import { AREA_SUCCESSORS_FILE } from '@cwb/reference';
import type { IndicatorRow } from '@cwb/warehouse';

/**
 * The map's geography: Great Britain's local authority districts as drawn in 2013 (simplified
 * from Martin Chorley's TopoJSON, geography/SOURCES.md), and the code changes since, so that a
 * supplier's LAD code as today's reference gives it finds its boundary: a recoded district
 * (geography/lad-code-changes.csv) or a merged one (the reference package's area successors,
 * drawn as the union of the districts it replaced). A code that still finds no boundary is
 * returned as such, with its spend, never dropped.
 */
export const BOUNDARIES_FILE = fileURLToPath(new URL('../geography/gb_lad_2013_simplified.topo.json', import.meta.url));
export const LAD_CODE_CHANGES_FILE = fileURLToPath(new URL('../geography/lad-code-changes.csv', import.meta.url));
export const LAD_NAMES_FILE = fileURLToPath(new URL('../geography/ons_lad23_names_welsh_names_centroids_uk.csv', import.meta.url));
export const MAP_ATTRIBUTION = [
  'Boundaries: Martin Chorley, UK-GeoJSON, CC BY 4.0',
  'Contains OS data © Crown copyright and database right 2014',
] as const;

const gssCode = z.string().regex(/^[ENSW]\d{8}$/, 'a GSS code such as E08000024');
const codeChangeSchema = z
  .object({
    old_code: gssCode,
    old_name: z.string().min(1),
    new_code: gssCode,
    new_name: z.string().min(1),
    effective_from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    source: z.string().min(10),
  })
  .refine((row) => row.old_code !== row.new_code, { message: 'old and new code are the same' });
export type LadCodeChange = z.infer<typeof codeChangeSchema>;

/** Parses a small CSV with a header (quoted fields, "" escapes) into records. */
function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const split = (line: string) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'));
  const header = split(lines[0] ?? '');
  return lines.slice(1).map((line) => Object.fromEntries(split(line).map((value, i) => [header[i] ?? `column${i}`, value])));
}

/** Reads and validates a code-change file; errors name the file and the line. */
export function readLadCodeChanges(path: string): LadCodeChange[] {
  return readCsv(path).map((record, i) => {
    const parsed = codeChangeSchema.safeParse(record);
    if (!parsed.success) throw new Error(`${path}:${i + 2}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return parsed.data;
  });
}

/** Twice the signed planar area of a ring in longitude/latitude (positive: anticlockwise). */
function ringArea(ring: Position[]): number {
  let area = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) area += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return -area;
}

/**
 * Orients rings as d3-geo (and so Vega) reads spherical polygons: exterior rings clockwise,
 * holes anticlockwise. The simplified boundaries have a few rings turned the other way (and
 * rings collapsed to no area), which d3-geo would draw as covering the whole globe but the district.
 */
function rewound(geometry: Geometry): Geometry {
  const polygon = (rings: Position[][]) => rings.map((ring, i) => ((ringArea(ring) < 0) === (i === 0) ? [...ring].reverse() : ring));
  // simplification can collapse a small island or lake to a ring with no area: no orientation, so dropped
  const kept = (rings: Position[][]) => rings.filter((ring) => ring.length >= 4 && ringArea(ring) !== 0);
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: polygon(kept(geometry.coordinates)) };
  if (geometry.type === 'MultiPolygon') return { ...geometry, coordinates: geometry.coordinates.map(kept).filter((p) => p.length > 0).map(polygon) };
  return geometry;
}

export interface DistrictProperties {
  /** The 2013 code of the boundary drawn. */
  boundary_code: string;
  name: string;
}
export type DistrictFeature = Feature<Geometry, DistrictProperties>;

/** The boundaries, code changes and current names the map needs, read once. */
export class DistrictGeography {
  readonly districts: DistrictFeature[];
  private readonly successor = new Map<string, string>();
  private readonly names = new Map<string, string>();
  private readonly boundariesByCurrentCode = new Map<string, DistrictFeature[]>();

  constructor(changes: readonly LadCodeChange[] = [...readLadCodeChanges(LAD_CODE_CHANGES_FILE), ...readLadCodeChanges(AREA_SUCCESSORS_FILE)]) {
    const topology = JSON.parse(readFileSync(BOUNDARIES_FILE, 'utf8')) as Topology<{ lad: GeometryCollection<{ LAD13CD: string; LAD13NM: string }> }>;
    const collection = feature(topology, topology.objects.lad);
    this.districts = collection.features.map((f) => ({
      type: 'Feature',
      geometry: rewound(f.geometry),
      properties: { boundary_code: f.properties.LAD13CD, name: f.properties.LAD13NM },
    }));
    for (const change of changes) {
      if (this.successor.has(change.old_code)) throw new Error(`code ${change.old_code} has two successors in the code-change lookup`);
      this.successor.set(change.old_code, change.new_code);
      this.names.set(change.new_code, change.new_name);
    }
    for (const row of readCsv(LAD_NAMES_FILE)) if (row.LAD23CD && row.LAD23NM) this.names.set(row.LAD23CD, row.LAD23NM);
    for (const district of this.districts) {
      const current = this.currentCode(district.properties.boundary_code);
      const list = this.boundariesByCurrentCode.get(current) ?? [];
      list.push(district);
      this.boundariesByCurrentCode.set(current, list);
    }
  }

  /** Follows recodes and successors to the code in use now (a chain such as Taunton Deane → Somerset West and Taunton → Somerset). */
  currentCode(code: string): string {
    let current = code;
    for (let steps = 0; this.successor.has(current); steps++) {
      if (steps > 10) throw new Error(`the code-change lookup has a cycle through ${code}`);
      current = this.successor.get(current)!;
    }
    return current;
  }

  /** The 2013 boundaries that draw a code (several for a merged district), or none. */
  boundariesFor(code: string): DistrictFeature[] {
    return this.boundariesByCurrentCode.get(this.currentCode(code)) ?? [];
  }

  /** Today's name of a code's district (ONS LAD 2023 names, the lookup's, else the boundary's). */
  nameOf(code: string): string {
    const current = this.currentCode(code);
    return this.names.get(current) ?? this.boundariesByCurrentCode.get(current)?.[0]?.properties.name ?? code;
  }
}

export interface MappedDistrict {
  /** The current code the rows' codes resolve to. */
  code: string;
  name: string;
  /** The metric rows drawn here (a supplier code as located, e.g. an old code and its successor). */
  rows: IndicatorRow[];
  spend_gbp: number;
  boundaries: DistrictFeature[];
}

export interface DistrictMap {
  mapped: MappedDistrict[];
  /** Rows whose code has no boundary on the map: listed under it with their spend. */
  noBoundary: IndicatorRow[];
  /** The row of spend whose supplier was not located (place 'unknown'), if any. */
  unknown: IndicatorRow | null;
}

/** Places each spend_by_supplier_lad row of one entity and year on the map, or says it has no boundary. */
export function placeOnMap(geography: DistrictGeography, rows: readonly IndicatorRow[]): DistrictMap {
  const mapped = new Map<string, MappedDistrict>();
  const noBoundary: IndicatorRow[] = [];
  let unknown: IndicatorRow | null = null;
  for (const row of rows) {
    if (row.place === 'unknown') {
      unknown = row;
      continue;
    }
    const boundaries = geography.boundariesFor(row.place);
    if (boundaries.length === 0) {
      noBoundary.push(row);
      continue;
    }
    const code = geography.currentCode(row.place);
    const district = mapped.get(code) ?? { code, name: geography.nameOf(code), rows: [], spend_gbp: 0, boundaries };
    district.rows.push(row);
    district.spend_gbp = district.rows.reduce((sum, r) => sum + (r.value ?? 0), 0);
    mapped.set(code, district);
  }
  return { mapped: [...mapped.values()].sort((a, b) => b.spend_gbp - a.spend_gbp), noBoundary, unknown };
}
