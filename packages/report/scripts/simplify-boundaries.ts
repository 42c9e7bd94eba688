/**
 * Builds geography/gb_lad_2013_simplified.topo.json from the source boundary file (2.1 MB):
 * keeps each district's LAD13CD and LAD13NM only, and simplifies the arcs with topojson-simplify
 * (Visvalingam, keeping the top 3% of points by weight, shared borders kept shared) and quantises
 * it on a 10,000-step grid, so the map in
 * a report is small enough to inline. Run:
 *   pnpm --filter @cwb/report simplify-boundaries <path to gb_lad_2013_topo.json>
 * The result is committed; geography/SOURCES.md records the source, licence and this step.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { quantize } from 'topojson-client';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import type { GeometryCollection, Topology } from 'topojson-specification';

const KEEP_SHARE = 0.03;
const source = process.argv[2];
if (!source) throw new Error('usage: simplify-boundaries <gb_lad_2013_topo.json>');
const out = fileURLToPath(new URL('../geography/gb_lad_2013_simplified.topo.json', import.meta.url));

const topology = JSON.parse(readFileSync(source, 'utf8')) as Topology<{ lad: GeometryCollection<Record<string, unknown>> }>;
for (const geometry of topology.objects.lad.geometries) {
  const properties = (geometry.properties ?? {}) as Record<string, unknown>;
  geometry.properties = { LAD13CD: properties.LAD13CD, LAD13NM: properties.LAD13NM };
}
const weighted = presimplify(topology);
const simplified = simplify(weighted, quantile(weighted, KEEP_SHARE));
// presimplify stores a weight as each point's third coordinate: drop it
for (const arc of simplified.arcs) for (let i = 0; i < arc.length; i++) arc[i] = arc[i]!.slice(0, 2) as [number, number];
// quantised again (delta-encoded integers on a 10,000-step grid) as the source was
writeFileSync(out, JSON.stringify(quantize(simplified, 1e4)));
process.stdout.write(`${out}: ${simplified.objects.lad.geometries.length} districts, ${readFileSync(out).length} bytes\n`);
