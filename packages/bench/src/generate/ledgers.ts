import { closeSync, openSync, writeSync } from 'node:fs';
import { Rng, mix } from '../random';
import { layouts, type Layout, type LayoutName, type Payment } from './layouts';
import { publishedName, type Supplier, type VariantKind } from './suppliers';

export interface BenchAnchor {
  index: number;
  id: string;
  name: string;
  type: Layout['anchorType'];
  layout: LayoutName;
  mapping: string;
  homeName: string;
  homeLads: string[];
  /** Absolute path of its one AP export. */
  file: string;
  rows: number;
}

export type Band = 'home_area' | 'outside_home_area' | 'unknown_location';

/** What the generator knows each file must produce: the ground truth the pipeline and baseline are checked against. */
export interface LedgerTruth {
  anchor_id: string;
  /** Non-blank records after the header. */
  rows_in: number;
  loaded: number;
  quarantined: number;
  skipped: number;
  /** financial_year → band → pence and payment count (supplier located by the file's own postcode column). */
  spend: Record<string, Record<Band, { pence: number; payments: number }>>;
}

export interface PublishedSupplier {
  name: string;
  supplier: number;
  company_number: string | null;
  variant: VariantKind;
}

const EXPENSE_AREAS = ['PRIMARY CARE IT', 'SAFEGUARDING\u00a0TEAM', 'Service Planning & Reform', 'Highways', 'Adult Social Care', 'Estates', 'Children, Young People and Families'];
const EXPENSE_TYPES = ['C&M-GMS IT Comm Servs -GP Practices', 'Agency Nurse - Band 5', 'Drugs', 'Private Contractors', 'Equipment Purchase', 'Building Maintenance', 'Consultancy'];
const START = Date.UTC(2022, 0, 1);
const DAY = 86_400_000;

export function financialYear(year: number, month: number): string {
  const start = month >= 4 ? year : year - 1;
  return `${start}-${String(start + 1).slice(2)}`;
}

/** The connector's postcode normalisation (upper case, one space), to predict what the pipeline keeps. */
export function normalisedPostcode(text: string): string | null {
  const compact = text.replace(/[\s\u00a0]+/g, '').toUpperCase();
  const match = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/.exec(compact);
  return match ? `${match[1]} ${match[2]}` : null;
}

function postcodeAsPublished(postcode: string, h: number): string {
  const roll = h % 100;
  if (roll < 14) return postcode.replace(' ', '');
  if (roll < 20) return postcode.toLowerCase();
  if (roll < 23) return '';
  if (roll < 24) return 'N/A';
  if (roll < 26) return postcode.replace(' ', '  ');
  return postcode;
}

/**
 * Writes one anchor's AP export in its layout and returns what it must produce. `salt` changes
 * the rows (the incremental bench rewrites one file with a new salt).
 */
export function writeLedger(
  anchor: BenchAnchor,
  suppliers: readonly Supplier[],
  ownSuppliers: readonly number[],
  nationalSuppliers: number,
  seed: number,
  salt: number,
  published: Map<string, PublishedSupplier>,
): LedgerTruth {
  const layout = layouts[anchor.layout];
  const rng = new Rng(mix(seed, anchor.index, salt));
  const truth: LedgerTruth = { anchor_id: anchor.id, rows_in: 0, loaded: 0, quarantined: 0, skipped: 0, spend: {} };
  const fd = openSync(anchor.file, 'w');
  const encode = (text: string) => Buffer.from(text, layout.encoding === 'utf8' ? 'utf8' : 'latin1');
  let chunk: string[] = [layout.header];
  const flush = () => {
    writeSync(fd, encode(chunk.join(layout.eol) + layout.eol));
    chunk = [];
  };
  let total = 0;
  const home = new Set(anchor.homeLads);
  for (let r = 0; r < anchor.rows; r++) {
    const j =
      rng.chance(0.25) || ownSuppliers.length === 0
        ? rng.int(nationalSuppliers)
        : (ownSuppliers[Math.floor(ownSuppliers.length * rng.next() ** 2)] as number);
    const s = suppliers[j] as Supplier;
    const h = mix(anchor.index, j);
    const redacted = (layout.name === 'nhs-ccg-postcodes' || layout.name === 'leeds-2020') && rng.chance(0.03);
    const variantHash = rng.chance(0.05) ? mix(anchor.index, j, r) : h;
    const variant = publishedName(s, variantHash);
    const when = new Date(START + rng.int(730) * DAY);
    const card = layout.name === 'leeds-2020' && rng.chance(0.25);
    const size = rng.next();
    let pence = card ? 500 + rng.int(50_000) : size < 0.5 ? 1_000 + rng.int(99_000) : size < 0.9 ? 100_000 + rng.int(4_900_000) : 5_000_000 + rng.int(45_000_000);
    if (rng.chance(0.1)) pence = Math.max(100, Math.floor(pence / 100) * 100);
    if (rng.chance(0.04)) pence = -pence;
    const bad = rng.next();
    const badAmount = bad < 1 / 1500;
    const badDate = !badAmount && bad < 1 / 1500 + 1 / 3000;
    const hasNumber = s.companyNumber !== null && layout.name === 'calderdale' && h % 10 < 3;
    const payment: Payment = {
      anchorName: anchor.name,
      year: when.getUTCFullYear(),
      month: when.getUTCMonth() + 1,
      day: when.getUTCDate(),
      pence,
      supplier: redacted ? 'REDACTED PERSONAL DATA' : variant.name,
      redacted,
      companyNumber: hasNumber ? (h % 3 === 0 ? (s.companyNumber as string).replace(/^0+/, '') : (s.companyNumber as string)) : '',
      vendorCode: s.companyNumber ? `UK${s.companyNumber}${String(h % 90 + 10)}` : `NRB${String(j).padStart(7, '0')}01`,
      postcode: layout.carriesPostcodes && (!redacted || h % 2 === 0) ? postcodeAsPublished(s.postcode, h >>> 7) : '',
      supplierId: `S${100000 + j}`,
      reference: 30_000_000 + r,
      procurementCard: card,
      vcse: s.kind === 'charity',
      badAmount,
      badDate,
      expenseArea: layout.name === 'leeds-2020' && r % 7 === 0 ? 'Recharges \u0096 Pay' : (EXPENSE_AREAS[h % EXPENSE_AREAS.length] as string),
      expenseType: EXPENSE_TYPES[(h >>> 4) % EXPENSE_TYPES.length] as string,
    };
    chunk.push(layout.row(payment));
    truth.rows_in += 1;
    if (badAmount || badDate) {
      truth.quarantined += 1;
    } else {
      truth.loaded += 1;
      total += pence;
      const fy = financialYear(payment.year, payment.month);
      const kept = redacted ? null : normalisedPostcode(payment.postcode);
      const band: Band = kept === null || s.lad === '' ? 'unknown_location' : home.has(s.lad) ? 'home_area' : 'outside_home_area';
      const year = (truth.spend[fy] ??= {
        home_area: { pence: 0, payments: 0 },
        outside_home_area: { pence: 0, payments: 0 },
        unknown_location: { pence: 0, payments: 0 },
      });
      year[band].pence += pence;
      year[band].payments += 1;
      if (!redacted) {
        const clean = variant.name.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
        if (!published.has(clean)) published.set(clean, { name: clean, supplier: j, company_number: s.companyNumber, variant: variant.variant });
      }
    }
    if (chunk.length >= 5000) flush();
  }
  for (const line of layout.footer(total)) {
    chunk.push(line);
    truth.rows_in += 1;
    truth.skipped += 1;
  }
  flush();
  closeSync(fd);
  return truth;
}
