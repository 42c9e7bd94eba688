import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedString } from '@duckdb/node-api';
import { BASIC_COMPANY_COLUMNS } from './basic-company-data';

/** The official header line exactly as Companies House publishes it (leading spaces included). */
export const BASIC_COMPANY_HEADER_LINE =
  'CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1, RegAddress.AddressLine2,RegAddress.PostTown,RegAddress.County,RegAddress.Country,RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,DissolutionDate,IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,Accounts.NextDueDate,Accounts.LastMadeUpDate,Accounts.AccountCategory,Returns.NextDueDate,Returns.LastMadeUpDate,Mortgages.NumMortCharges,Mortgages.NumMortOutstanding,Mortgages.NumMortPartSatisfied,Mortgages.NumMortSatisfied,SICCode.SicText_1,SICCode.SicText_2,SICCode.SicText_3,SICCode.SicText_4,LimitedPartnerships.NumGenPartners,LimitedPartnerships.NumLimPartners,URI,PreviousName_1.CONDATE, PreviousName_1.CompanyName, PreviousName_2.CONDATE, PreviousName_2.CompanyName,PreviousName_3.CONDATE, PreviousName_3.CompanyName,PreviousName_4.CONDATE, PreviousName_4.CompanyName,PreviousName_5.CONDATE, PreviousName_5.CompanyName,PreviousName_6.CONDATE, PreviousName_6.CompanyName,PreviousName_7.CONDATE, PreviousName_7.CompanyName,PreviousName_8.CONDATE, PreviousName_8.CompanyName,PreviousName_9.CONDATE, PreviousName_9.CompanyName,PreviousName_10.CONDATE, PreviousName_10.CompanyName,ConfStmtNextDueDate, ConfStmtLastMadeUpDate';

const list = (items: readonly string[]) => `[${items.map(quotedString).join(', ')}]`;
const SURNAMES = ['SMITH', 'JONES', 'TAYLOR', 'BROWN', 'WILLIAMS', 'WILSON', 'JOHNSON', 'DAVIES', 'ROBINSON', 'WRIGHT', 'THOMPSON', 'EVANS', 'WALKER', 'WHITE', 'ROBERTS', 'GREEN', 'HALL', 'WOOD', 'JACKSON', 'CLARKE', 'PATEL', 'KHAN', 'LEWIS', 'JAMES', 'PHILLIPS', 'MASON', 'MITCHELL', 'ROSE', 'DAVIS', 'RODRIGUEZ', 'COX', 'ALEXANDER', 'MORRIS', 'WARD', 'COOPER', 'KING', 'BAKER', 'HARRISON', 'MORGAN', 'ALLEN', 'YOUNG', 'SCOTT', 'HUGHES', 'EDWARDS', 'HILL', 'MOORE', 'CLARK', 'TURNER', 'PARKER', 'MURPHY', 'GRAHAM', 'SHAW', 'BELL', 'KELLY', 'SIMPSON', 'MARSHALL', 'COLLINS', 'BENNETT', 'CARTER', 'ADAMS'];
const WORDS = ['CARE', 'SERVICES', 'HOLDINGS', 'PROPERTIES', 'CONSULTING', 'HOME', 'HOMES', 'HOUSE', 'GROUP', 'TRADING', 'DESIGN', 'DESIGNS', 'HEALTHCARE', 'SOLUTIONS', 'BUILDING', 'BUILDERS', 'CONSTRUCTION', 'ELECTRICAL', 'PLUMBING', 'HEATING', 'TRANSPORT', 'LOGISTICS', 'SUPPLIES', 'SYSTEMS', 'TECHNOLOGY', 'MEDICAL', 'TRAINING', 'EDUCATION', 'DEVELOPMENTS', 'INVESTMENTS', 'MANAGEMENT', 'MAINTENANCE', 'CLEANING', 'SECURITY', 'CATERING', 'PRINT', 'MEDIA', 'DIGITAL', 'ENGINEERING', 'CONTRACTORS', 'NURSERY', 'CHILDCARE', 'HIRE', 'PLANT', 'MOTORS', 'FOODS', 'RETAIL', 'ESTATES', 'ASSOCIATES', 'PARTNERS', 'ENTERPRISES', 'VENTURES', 'NURSING', 'COMMUNITY', 'SUPPORT', 'LIVING', 'HEALTH', 'INTERNATIONAL', 'UK', 'NORTH', 'SOUTH', 'GLOBAL', 'PROJECTS', 'INSTALLATIONS', 'FACILITIES', 'ENVIRONMENTAL', 'ENERGY', 'FINANCE', 'LEGAL', 'COURT', 'PARK', 'VIEW', 'LODGE', 'GARDENS', 'GREEN', 'HILL', 'OAK', 'ACORNS', 'FIRST', 'PRIME', 'LINK', 'HORIZON', 'HORIZONS', 'FUTURE', 'LIGHTHOUSE', 'KINGFISHER', 'MERIDIAN', 'CASTLE', 'CROWN', 'ROYAL', 'STAR', 'PHOENIX'];
const PLACES = ['LEEDS', 'LONDON', 'YORKSHIRE', 'MANCHESTER', 'BRADFORD', 'HALIFAX', 'KIRKLEES', 'LANCASHIRE', 'PRESTON', 'SUNDERLAND', 'DURHAM', 'POWYS', 'WALES', 'SCOTLAND', 'BRISTOL', 'BIRMINGHAM', 'KENT', 'SURREY', 'ESSEX', 'NORTHERN', 'MIDLANDS', 'LAMBETH', 'KINGSTON', 'CALDERDALE', 'CRAVEN', 'SKIPTON'];
const SYLLABLES = ['AR', 'BEL', 'COR', 'DAN', 'EL', 'FEN', 'GAR', 'HAL', 'IN', 'JOR', 'KAL', 'LUM', 'MER', 'NOR', 'OX', 'PAR', 'QUIN', 'RO', 'SAL', 'TOR', 'UL', 'VEN', 'WEX', 'XAN', 'YOR', 'ZEL', 'TEK', 'VIA', 'NEX', 'LOR', 'MAX', 'TRI', 'VOL', 'SYN', 'ACU', 'BRI', 'CEL', 'DYN', 'EVO', 'FLO'];
const AREAS = ['LS', 'HX', 'BD', 'SR', 'LD', 'M', 'B', 'E', 'N', 'SE', 'SW', 'NW', 'W', 'EC', 'WC', 'BS', 'CF', 'SA', 'NE', 'YO', 'HD', 'WF', 'PR', 'BB', 'KT', 'SM', 'CR', 'IG', 'RM', 'EH', 'G', 'AB', 'BT'];
const SIC = ['62020 - Information technology consultancy activities', '87100 - Residential nursing care facilities', '41202 - Construction of domestic buildings', '43220 - Plumbing, heat and air-conditioning installation', '68209 - Other letting and operating of own or leased real estate', '70229 - Management consultancy activities other than financial management', '88990 - Other social work activities without accommodation n.e.c.', '49410 - Freight transport by road', '56101 - Licensed restaurants', '86900 - Other human health activities', '85590 - Other education n.e.c.', '96090 - Other service activities n.e.c.', '47190 - Other retail sale in non-specialised stores', '81210 - General cleaning of buildings', '99999 - Dormant Company'];
const ACCOUNTS = ['MICRO ENTITY', 'MICRO ENTITY', 'MICRO ENTITY', 'TOTAL EXEMPTION FULL', 'TOTAL EXEMPTION FULL', 'UNAUDITED ABRIDGED', 'SMALL', 'DORMANT', 'NO ACCOUNTS FILED', 'FULL', 'GROUP', 'MEDIUM', 'AUDIT EXEMPTION SUBSIDIARY', 'ACCOUNTS TYPE NOT AVAILABLE', ''];
const STATUSES = ['Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Liquidation', 'Active - Proposal to Strike off', 'In Administration'];

export interface GeneratedCompanyOptions {
  companies: number;
  seed?: number;
  /** Split into this many part files (each with the header), like the monthly multi-part download. */
  parts?: number;
}

/**
 * Write a generated (not real) BasicCompanyData file in the official format: the published
 * header with its leading spaces, every field quoted, embedded quotes escaped, varied number
 * prefixes (SC, NI, OC, SO, NC, FC, CE, IP, RS), categories, statuses, accounts categories,
 * SIC codes, postcodes and previous names. Deterministic for a seed. Numbers are chosen outside
 * the ranges real companies use (8-digit numbers from 20000000, prefixed numbers from 600000),
 * so a generated file can be loaded beside real rows. DuckDB writes the rows
 * (COPY), so 5.7 million companies take seconds, not minutes. Numbers starting 98 or 99 are
 * never generated (the evaluation set reserves them). Returns the files written.
 */
export async function writeGeneratedBasicCompanyData(conn: DuckDBConnection, file: string, options: GeneratedCompanyOptions): Promise<string[]> {
  const seed = options.seed ?? 1;
  const parts = Math.max(1, options.parts ?? 1);
  const h = (salt: string) => `hash(i, ${seed}, '${salt}')`;
  const pick = (items: readonly string[], salt: string) => `${list(items)}[(${h(salt)} % ${items.length})::BIGINT + 1]`;
  // A pseudo-word of three or four syllables (40^4 = 2.56 million of them): the distinctive
  // part of a name, so that, as on the real register, almost every name is unique.
  // Four syllable picks from different bits of one hash (separate hashes of related inputs
  // are not independent enough), the fourth present half the time.
  const bits = (salt: string, shift: number, n: number) => `((${h(salt)} >> ${shift}) % ${n})::BIGINT`;
  const syllable = (salt: string, shift: number) => `${list(SYLLABLES)}[${bits(salt, shift, SYLLABLES.length)} + 1]`;
  const syllables = (salt: string) =>
    `${syllable(salt, 0)} || lower(${syllable(salt, 8)}) || lower(${syllable(salt, 16)}) || CASE WHEN ${bits(salt, 24, 2)} = 0 THEN lower(${syllable(salt, 32)}) ELSE '' END`;
  const word = (salt: string) => `upper(${syllables(salt)})`;
  const name = `CASE (${h('shape')} % 50)
      WHEN 0 THEN '"' || ${word('q')} || '" ' || ${pick(WORDS, 'w1')} || ' LTD'
      WHEN 1 THEN ${pick(SURNAMES, 's1')} || ' & ' || ${pick(SURNAMES, 's2')} || ' LLP'
      WHEN 2 THEN ${pick(SURNAMES, 's1')} || ' & SONS (' || ${word('d')} || ') LIMITED'
      WHEN 3 THEN ${pick(PLACES, 'p')} || ' ' || ${word('d')} || ' ' || ${pick(WORDS, 'w1')} || ' C.I.C.'
      WHEN 4 THEN ${word('d')} || ' PLC'
      WHEN 5 THEN ${word('d')} || ' ' || ${pick(WORDS, 'w1')} || ' (' || ${pick(PLACES, 'p')} || ') LIMITED'
      WHEN 6 THEN ${word('d')} || ' ' || ${pick(WORDS, 'w1')} || ' ' || ${pick(WORDS, 'w2')} || ' LTD'
      WHEN 7 THEN ${pick(PLACES, 'p')} || ' ' || ${word('d')} || ' ' || ${pick(WORDS, 'w1')} || ' LTD'
      WHEN 8 THEN ${pick(SURNAMES, 's1')} || ' ' || ${word('d')} || ' LIMITED'
      WHEN 9 THEN ${pick(SURNAMES, 's1')} || ' ' || ${pick(WORDS, 'w1')} || ' ' || ${pick(WORDS, 'w2')} || ' LIMITED'
      ELSE ${word('d')} || ' ' || ${pick(WORDS, 'w1')} || CASE WHEN ${h('form')} % 3 = 0 THEN ' LTD' ELSE ' LIMITED' END
    END`;
  // Number prefix by bucket; the digits come from the row number, so numbers are unique.
  const number = `CASE (i % 100)
      WHEN 0 THEN 'SC' || lpad((i // 100 + 600000)::VARCHAR, 6, '0') WHEN 1 THEN 'SC' || lpad((i // 100 + 800000)::VARCHAR, 6, '0')
      WHEN 2 THEN 'NI' || lpad((i // 100 + 600000)::VARCHAR, 6, '0') WHEN 3 THEN 'OC' || lpad((i // 100 + 600000)::VARCHAR, 6, '0')
      WHEN 4 THEN 'SO' || lpad((i // 100 + 600000)::VARCHAR, 6, '0') WHEN 5 THEN 'NC' || lpad((i // 100 + 600000)::VARCHAR, 6, '0')
      WHEN 6 THEN 'FC' || lpad((i // 100 + 600000)::VARCHAR, 6, '0') WHEN 7 THEN 'CE' || lpad((i // 100 + 600000)::VARCHAR, 6, '0')
      WHEN 8 THEN 'IP' || lpad((i // 100 + 600000)::VARCHAR, 6, '0') WHEN 9 THEN 'RS' || lpad((i // 100 + 600000)::VARCHAR, 6, '0')
      ELSE (i + 20000000)::VARCHAR END`;
  const category = `CASE (i % 100) WHEN 3 THEN 'Limited Liability Partnership' WHEN 6 THEN 'Other company type' WHEN 7 THEN 'Charitable Incorporated Organisation'
      WHEN 8 THEN 'Registered Society' WHEN 9 THEN 'Registered Society'
      ELSE CASE WHEN name LIKE '% PLC' THEN 'Public Limited Company' WHEN name LIKE '% C.I.C.' THEN 'Community Interest Company'
                WHEN ${h('guar')} % 25 = 0 THEN 'PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)' ELSE 'Private Limited Company' END END`;
  const postcode = `${pick(AREAS, 'pa')} || ((${h('pd')} % 28) + 1)::VARCHAR || ' ' || (${h('pi')} % 10)::VARCHAR || chr(65 + (${h('pl1')} % 26)::INTEGER) || chr(65 + (${h('pl2')} % 26)::INTEGER)`;
  const date = (salt: string, from: number, span: number) =>
    `strftime(DATE '${from}-01-01' + ((${h(salt)} % ${span})::INTEGER), '%d/%m/%Y')`;
  const fields: Record<string, string> = {
    CompanyName: 'name',
    CompanyNumber: 'number',
    'RegAddress.AddressLine1': `((${h('house')} % 200) + 1)::VARCHAR || ' ' || ${pick(SURNAMES, 'street')} || ' STREET'`,
    'RegAddress.PostTown': pick(PLACES, 'town'),
    'RegAddress.Country': `CASE WHEN (i % 100) = 6 THEN 'GUERNSEY' ELSE 'UNITED KINGDOM' END`,
    'RegAddress.PostCode': `CASE WHEN ${h('nopc')} % 200 = 0 THEN '' ELSE postcode END`,
    CompanyCategory: 'category',
    CompanyStatus: pick(STATUSES, 'status'),
    CountryOfOrigin: `CASE WHEN (i % 100) = 6 THEN 'GUERNSEY' ELSE 'United Kingdom' END`,
    IncorporationDate: date('inc', 1950, 25000),
    'Accounts.AccountRefDay': `((${h('ard')} % 28) + 1)::VARCHAR`,
    'Accounts.AccountRefMonth': `((${h('arm')} % 12) + 1)::VARCHAR`,
    'Accounts.AccountCategory': pick(ACCOUNTS, 'acc'),
    'Mortgages.NumMortCharges': '0', 'Mortgages.NumMortOutstanding': '0', 'Mortgages.NumMortPartSatisfied': '0', 'Mortgages.NumMortSatisfied': '0',
    'SICCode.SicText_1': pick(SIC, 'sic1'),
    'SICCode.SicText_2': `CASE WHEN ${h('sic2x')} % 4 = 0 THEN ${pick(SIC, 'sic2')} ELSE '' END`,
    'LimitedPartnerships.NumGenPartners': '0', 'LimitedPartnerships.NumLimPartners': '0',
    URI: `'http://business.data.gov.uk/id/company/' || number`,
    'PreviousName_1.CONDATE': `CASE WHEN ${h('prev')} % 10 = 0 THEN ${date('prevd', 2000, 7000)} ELSE '' END`,
    'PreviousName_1.CompanyName': `CASE WHEN ${h('prev')} % 10 = 0 THEN ${word('pn')} || ' ' || ${pick(WORDS, 'pw')} || ' LIMITED' ELSE '' END`,
    ConfStmtNextDueDate: date('csn', 2021, 400),
  };
  const select = BASIC_COMPANY_COLUMNS.map((column) => `${fields[column] ?? "''"} AS ${quotedString(column).replace(/^'|'$/g, '"')}`).join(',\n      ');
  const files: string[] = [];
  const perPart = Math.ceil(options.companies / parts);
  for (let part = 0; part < parts; part++) {
    const target = parts === 1 ? file : file.replace(/(\.csv)?$/, `-part${part + 1}_${parts}.csv`);
    const body = `${target}.body`;
    const from = part * perPart + 1;
    const to = Math.min(options.companies, (part + 1) * perPart);
    await conn.run(`COPY (
      WITH base AS (SELECT range AS i FROM range(${from}, ${to + 1})),
      named AS (SELECT i, ${name} AS name, ${number} AS number, ${postcode} AS postcode FROM base),
      typed AS (SELECT *, ${category} AS category FROM named)
      SELECT ${select} FROM typed ORDER BY i
    ) TO ${quotedString(body)} (FORMAT csv, HEADER false, QUOTE '"', ESCAPE '"', FORCE_QUOTE *)`);
    const out = createWriteStream(target);
    out.write(`${BASIC_COMPANY_HEADER_LINE}\n`);
    await pipeline(createReadStream(body), out);
    await rm(body);
    files.push(target);
  }
  return files;
}
