/**
 * Generates the demo AP ledger for a Sunderland-area anchor (labelled GENERATED).
 *
 * The real council samples carry almost no supplier postcodes inside the small postcode
 * samples, so the demo needs a ledger whose suppliers sit at real SR and LD postcodes.
 * Suppliers, amounts and dates are invented with a seeded PRNG (same output every run);
 * the postcodes are real, drawn from the bundled NSPL samples. Layout: the NHS "spend over
 * £25k" layout with a Supplier Postcode column (as NHS Barking & Dagenham CCG publishes),
 * US m/d/yyyy dates as in that file.
 *
 * Run: pnpm --filter @cwb/sample-data generate
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { generatedSamplePath, samplePath } from '../src/index';

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20_261_128);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

interface Nspl {
  pcds: string;
  laua: string;
  doterm: string;
}
function readNspl(file: string): Nspl[] {
  const [header, ...lines] = readFileSync(samplePath(file), 'utf8').trim().split('\n');
  const names = (header ?? '').split(',').map((h) => h.replace(/"/g, ''));
  const at = (n: string) => names.indexOf(n);
  return lines.map((line) => {
    const cells = line.split(',').map((c) => c.replace(/"/g, ''));
    return { pcds: cells[at('pcds')] ?? '', laua: cells[at('laua')] ?? '', doterm: cells[at('doterm')] ?? '' };
  });
}
const nspl = [
  ...readNspl('geography/nspl_nov2021_SR_postcode_area_sunderland.csv'),
  ...readNspl('geography/nspl_nov2021_LD_postcode_area_wales.csv'),
];
const live = (lad: string) => nspl.filter((p) => p.laua === lad && p.doterm === '');
const draw = (pool: Nspl[], n: number) => Array.from({ length: n }, () => pick(pool).pcds);

// Where the suppliers are: mostly Sunderland (the anchor's home), then the rest of the
// North East, Powys and the English side of the LD area, plus the hard cases.
const postcodes: string[] = [
  ...draw(live('E08000024'), 34), // Sunderland
  ...draw(live('E06000047'), 12), // County Durham
  ...draw(live('E08000023'), 5), // South Tyneside
  ...draw(live('W06000023'), 8), // Powys
  ...draw(nspl.filter((p) => ['E06000019', 'E06000051'].includes(p.laua)), 2), // Herefordshire / Shropshire via LD
  ...draw(nspl.filter((p) => p.laua === 'E08000024' && p.doterm !== ''), 4), // terminated: still located
  ...draw(nspl.filter((p) => p.laua === ''), 3), // no grid reference: no area
  'EC1A 1BB', 'B1 1BB', 'CF10 1EP', 'G2 1DY', 'BT1 5GS', // real postcodes outside the sample reference
  '', '', '', '', // no postcode given
];

const first = ['Wearside', 'Roker', 'Hendon', 'Millfield', 'Durham', 'Tyne', 'Powys', 'Cambrian', 'Northern', 'Castle', 'River', 'Valley', 'Coast', 'Keel', 'Penshaw', 'Fulwell', 'Herrington', 'Silksworth', 'Wye', 'Radnor'];
const trade = ['Joinery', 'Catering', 'Care Services', 'Plant Hire', 'Building Supplies', 'Cleaning', 'IT Solutions', 'Print', 'Landscapes', 'Electrical', 'Transport', 'Training', 'Security', 'Roofing', 'Stationery'];
const form = ['Ltd', 'Limited', 'LTD', 'CIC', 'LLP', '& Sons Ltd', 'Co-operative Ltd', 'Trust'];
const suppliers = postcodes.map((postcode, i) => ({
  name: `${first[i % first.length]} ${trade[(i * 7) % trade.length]} ${form[(i * 3) % form.length]}`,
  postcode,
  weight: 0.2 + random() * 3,
}));

const expenseTypes = ['Repairs and Maintenance', 'Catering Provisions', 'Professional Services', 'Equipment Purchase', 'Cleaning Contracts', 'IT Software', 'Vehicle Hire', 'Training Costs'];
const areas = ['Adult Social Care', 'Childrens Services', 'Highways', 'Housing', 'Corporate Services', 'Leisure'];

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const money = (pence: number) => {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  return `${sign}${pounds}.${String(abs % 100).padStart(2, '0')}`;
};

const header = 'Department Family,Entity,Date,Expense Type,Expense Area,Supplier,Transaction Number,amount,Description,Supplier Postcode';
const lines = [header];
const totalWeight = suppliers.reduce((s, x) => s + x.weight, 0);
const start = Date.UTC(2021, 3, 1); // 1 April 2021: two UK financial years, 2021-22 and 2022-23
const days = 730;
for (let i = 0; i < 1200; i++) {
  let r = random() * totalWeight;
  const supplier = suppliers.find((s) => (r -= s.weight) <= 0) ?? suppliers[0]!;
  const date = new Date(start + Math.floor(random() * days) * 86_400_000);
  const us = `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
  let pence = Math.round(Math.exp(6 + random() * 5) * 100);
  if (random() < 0.05) pence = -Math.round(pence / 4); // credit notes
  const redacted = random() < 0.01;
  lines.push(
    [
      'Local Government',
      'Sunderland City Council (GENERATED demo ledger)',
      us,
      pick(expenseTypes),
      pick(areas),
      redacted ? 'REDACTED PERSONAL DATA' : supplier.name,
      String(40_000_000 + i),
      money(pence),
      'Generated demo payment',
      redacted ? '' : supplier.postcode,
    ]
      .map(quote)
      .join(','),
  );
}
writeFileSync(generatedSamplePath('sunderland_demo_ledger_GENERATED.csv'), `${lines.join('\r\n')}\r\n`);
console.log(`wrote ${lines.length - 1} rows for ${suppliers.length} suppliers`);
