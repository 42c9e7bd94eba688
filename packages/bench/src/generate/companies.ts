import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Rng, mix } from '../random';
import { FIRST, GIVEN, MIDDLE, SURNAME, type PostcodePool, type Supplier } from './suppliers';

const SAMPLE = fileURLToPath(new URL('../../../sample-data/data/companies_house/basic_company_data_2021-01_head31.csv', import.meta.url));

/** The real BasicCompanyData header line (55 columns, with its leading spaces), from the sample file. */
export function basicCompanyDataHeader(): string {
  const text = readFileSync(SAMPLE, 'utf8');
  return text.slice(0, text.indexOf('\n')).replace(/\r$/, '');
}

const SIC = ['70229 - Management consultancy activities other than financial management', '43210 - Electrical installation', '41201 - Construction of commercial buildings', '81210 - General cleaning of buildings', '62020 - Information technology consultancy activities', '87900 - Other residential care activities n.e.c.', '99999 - Dormant Company', '49410 - Freight transport by road'];
const TOWNS = ['SUNDERLAND', 'LEEDS', 'PRESTON', 'LLANDRINDOD WELLS', 'MANCHESTER', 'LONDON', 'ABERDEEN', 'HALIFAX', 'SKIPTON', 'KINGSTON UPON THAMES'];
const q = (value: string) => `"${value.replace(/"/g, '""')}"`;
const two = (n: number) => String(n).padStart(2, '0');

interface CompanyRow {
  name: string;
  number: string;
  postcode: string;
  category: string;
  status: 'Active' | 'Dissolved' | 'Liquidation';
  h: number;
}

function companyLine(c: CompanyRow): string {
  const h = c.h;
  const inc = `${two((h % 28) + 1)}/${two(((h >>> 5) % 12) + 1)}/${1990 + ((h >>> 9) % 32)}`;
  const dissolved = c.status === 'Dissolved' ? `${two((h % 27) + 1)}/0${((h >>> 3) % 9) + 1}/2019` : '';
  const previous = h % 9 === 0 ? [`${two((h % 28) + 1)}/06/2015`, `${c.name.split(' ')[0]} TRADING LIMITED`] : ['', ''];
  const fields = [
    c.name, c.number, '', h % 50 === 0 ? 'PO BOX 12' : '', `UNIT ${(h % 40) + 1} ${FIRST[h % FIRST.length]} BUSINESS PARK`, `${MIDDLE[(h >>> 3) % MIDDLE.length]} ROAD`,
    TOWNS[(h >>> 6) % TOWNS.length] as string, '', 'UNITED KINGDOM', c.postcode, c.category, c.status, 'United Kingdom', dissolved, inc,
    String((h % 28) + 1), String(((h >>> 4) % 12) + 1), '30/06/2022', h % 4 === 0 ? '' : '30/09/2020', h % 4 === 0 ? 'NO ACCOUNTS FILED' : 'TOTAL EXEMPTION FULL',
    '26/08/2017', '', '0', '0', '0', '0', SIC[(h >>> 7) % SIC.length] as string, '', '', '', '0', '0',
    `http://business.data.gov.uk/id/company/${c.number}`, ...previous, ...Array.from({ length: 18 }, () => ''), '11/08/2022', h % 3 === 0 ? '' : '11/08/2021',
  ];
  return fields.map(q).join(',');
}

/**
 * BasicCompanyData-format CSV: every supplier that is a company, a dissolved namesake for 2% of them
 * (Companies House lets a dissolved company's name be reused), then filler companies up to `total`,
 * some with the real file's oddities (leading punctuation, embedded quotes).
 */
export function writeCompanies(file: string, total: number, suppliers: readonly Supplier[], pool: PostcodePool, seed: number): { rows: number; dissolvedNamesakes: number } {
  const fd = openSync(file, 'w');
  let chunk: string[] = [basicCompanyDataHeader()];
  const flush = () => {
    writeSync(fd, `${chunk.join('\n')}\n`);
    chunk = [];
  };
  let rows = 0;
  let filler = 0;
  let namesakes = 0;
  const category = (name: string) => (name.endsWith(' PLC') ? 'Public Limited Company' : name.endsWith(' LLP') ? 'Limited Liability Partnership' : 'Private Limited Company');
  for (const s of suppliers) {
    if (s.companyNumber === null) continue;
    const h = mix(seed, s.index);
    chunk.push(companyLine({ name: s.name, number: s.companyNumber, postcode: s.postcode, category: category(s.name), status: h % 40 === 0 ? 'Liquidation' : 'Active', h }));
    rows += 1;
    if (h % 50 === 7 && rows < total) {
      chunk.push(companyLine({ name: s.name, number: String(5_000_000 + filler++).padStart(8, '0'), postcode: pool.all[h % pool.all.length]?.pcds ?? '', category: category(s.name), status: 'Dissolved', h: h >>> 1 }));
      rows += 1;
      namesakes += 1;
    }
    if (chunk.length >= 5000) flush();
  }
  const rng = new Rng(mix(seed, 77));
  while (rows < total) {
    const n = filler++;
    const h = mix(seed, n, 3);
    let name = `${rng.pick(FIRST)} ${rng.pick(MIDDLE)} ${n} LIMITED`;
    if (n % 997 === 0) name = `"${rng.pick(FIRST)}" ${rng.pick(MIDDLE)} ${n} LIMITED`;
    else if (n % 1499 === 0) name = `! ${rng.pick(FIRST)} ${n} LTD`;
    const place = pool.all[rng.int(pool.all.length)];
    chunk.push(companyLine({ name, number: String(5_000_000 + n).padStart(8, '0'), postcode: h % 20 === 0 ? '' : (place?.pcds ?? ''), category: 'Private Limited Company', status: h % 5 === 0 ? 'Dissolved' : 'Active', h }));
    rows += 1;
    if (chunk.length >= 5000) flush();
  }
  flush();
  closeSync(fd);
  return { rows, dissolvedNamesakes: namesakes };
}

/**
 * PSC snapshot JSON lines (`{"company_number":…,"data":{…}}` as Companies House ships them):
 * individuals (month/year of birth only), and corporate PSCs that point at another company in the
 * file, so ownership chains exist. Supplier companies first, then filler numbers.
 */
export function writePsc(file: string, lines: number, suppliers: readonly Supplier[], seed: number): number {
  const fd = openSync(file, 'w');
  let chunk: string[] = [];
  const companies = suppliers.filter((s) => s.companyNumber !== null).map((s) => s.companyNumber as string);
  const rng = new Rng(mix(seed, 91));
  for (let i = 0; i < lines; i++) {
    const number = i < companies.length ? (companies[i] as string) : String(5_000_000 + i - companies.length).padStart(8, '0');
    const etag = (mix(seed, i).toString(16) + mix(i, seed).toString(16)).padEnd(40, '0').slice(0, 40);
    let data: Record<string, unknown>;
    if (rng.chance(0.12) && companies.length > 1) {
      const parent = companies[rng.int(companies.length)] as string;
      data = {
        etag, notified_on: '2016-04-06', name: `${rng.pick(FIRST)} ${rng.pick(MIDDLE)} HOLDINGS LIMITED`,
        links: { self: `/company/${number}/persons-with-significant-control/corporate-entity/${etag.slice(0, 27)}` },
        identification: { legal_form: 'Private Limited Company', legal_authority: 'Companies Act 2006', country_registered: 'England', place_registered: 'Companies House', registration_number: parent },
        ceased: false, kind: 'corporate-entity-person-with-significant-control',
        address: { address_line_1: `${rng.int(200) + 1} ${rng.pick(MIDDLE)} Road`, country: 'England', locality: 'Leeds', postal_code: 'LS1 4AP', premises: '1' },
        natures_of_control: ['ownership-of-shares-75-to-100-percent', 'voting-rights-75-to-100-percent'],
      };
    } else {
      const forename = rng.pick(GIVEN);
      const surname = rng.pick(SURNAME);
      data = {
        address: { address_line_1: `${rng.int(200) + 1} ${rng.pick(MIDDLE)} Road`, country: 'England', locality: 'Henley-On-Thames', postal_code: 'RG9 1HP', premises: String(rng.int(90) + 1) },
        ...(rng.chance(0.2) ? { ceased_on: '2018-05-14' } : {}),
        country_of_residence: 'England', date_of_birth: { month: rng.int(12) + 1, year: 1940 + rng.int(60) }, etag,
        kind: 'individual-person-with-significant-control',
        links: { self: `/company/${number}/persons-with-significant-control/individual/${etag.slice(0, 27)}` },
        name: `Mr ${forename} ${surname}`, name_elements: { forename, surname, title: 'Mr' }, nationality: 'British',
        natures_of_control: [rng.pick(['ownership-of-shares-25-to-50-percent', 'ownership-of-shares-50-to-75-percent', 'ownership-of-shares-75-to-100-percent'])],
        notified_on: '2016-04-06',
      };
    }
    chunk.push(JSON.stringify({ company_number: number, data }));
    if (chunk.length >= 5000) {
      writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length) writeSync(fd, `${chunk.join('\n')}\n`);
  closeSync(fd);
  return lines;
}
