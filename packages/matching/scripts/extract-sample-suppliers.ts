/**
 * Development tool: the distinct suppliers of every bundled sample spend file, with the
 * identifiers the connector found and their spend. Its output (eval/sample-suppliers.csv) is
 * what the hand labels in eval/labels.csv were written against.
 *   pnpm --filter @cwb/matching exec tsx scripts/extract-sample-suppliers.ts > eval/sample-suppliers.csv
 */

import { samplePath } from '@cwb/sample-data';
import { transparencySpendConnector } from '@cwb/connector-transparency-spend';

interface Supplier { file: string; name: string; supplier_id: string; company_number: string; vat_number: string; charity_number: string; postcode: string; rows: number; pence: number }
const suppliers = new Map<string, Supplier>();
const spec = transparencySpendConnector.spec.parse({ path: samplePath('spending/**/*.csv') });
for (const file of await transparencySpendConnector.discover(spec)) {
  const short = file.path.split('/').pop() ?? file.path;
  for await (const batch of transparencySpendConnector.read(file, spec, { load_id: 'x', anchor_id: 'x', source_file: short })) {
    for (const row of batch.rows) {
      if (row.supplier_name === null) continue;
      const key = `${short}\u0000${row.supplier_name}`;
      const s = suppliers.get(key) ?? { file: short, name: row.supplier_name, supplier_id: '', company_number: '', vat_number: '', charity_number: '', postcode: '', rows: 0, pence: 0 };
      s.rows += 1; s.pence += row.amount_pence;
      s.supplier_id ||= row.supplier_id ?? ''; s.company_number ||= row.company_number ?? ''; s.vat_number ||= row.vat_number ?? '';
      s.charity_number ||= row.charity_number ?? ''; s.postcode ||= row.supplier_postcode ?? '';
      suppliers.set(key, s);
    }
  }
}
const q = (v: string | number) => { const t = String(v); return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t; };
console.log('file,name,supplier_id,company_number,vat_number,charity_number,postcode,rows,spend_pence');
for (const s of suppliers.values()) console.log([s.file, s.name, s.supplier_id, s.company_number, s.vat_number, s.charity_number, s.postcode, s.rows, s.pence].map(q).join(','));
