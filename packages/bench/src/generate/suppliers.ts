import { Rng } from '../random';

export const FIRST = [
  'ACME', 'ALDER', 'ASHFORD', 'BARTON', 'BEACON', 'BIRCH', 'BRAMLEY', 'BRIDGE', 'BRUNEL', 'CALDER', 'CASTLE', 'CEDAR', 'CHAPEL',
  'CLIFTON', 'COASTAL', 'CROWN', 'DALE', 'DERWENT', 'EDEN', 'ELM', 'FAIRFIELD', 'FERN', 'FOSSE', 'GRANGE', 'GREEN', 'HALL',
  'HARBOUR', 'HAWTHORN', 'HEATH', 'HIGHGATE', 'HILLSIDE', 'HOLLY', 'IVY', 'KESTREL', 'KINGS', 'LAKESIDE', 'LARCH', 'LINDEN',
  'MAPLE', 'MARSH', 'MEADOW', 'MERSEY', 'MILL', 'MOOR', 'NEWTON', 'NORTHERN', 'OAK', 'ORCHARD', 'PARK', 'PENNINE', 'PHOENIX',
  'PINE', 'PRIORY', 'QUAY', 'RAVEN', 'REDWOOD', 'RIVERSIDE', 'ROWAN', 'SALTIRE', 'SEVERN', 'SHIRE', 'SILVER', 'SOUTHERN',
  'SPRING', 'STONE', 'SUMMIT', 'SWALE', 'TAMAR', 'TEES', 'THAMES', 'TOWER', 'TRENT', 'TYNE', 'UNION', 'VALE', 'VICTORIA',
  'WEAR', 'WELLAND', 'WESSEX', 'WEST', 'WHARFE', 'WILLOW', 'WINDMILL', 'YORK', 'ABBEY', 'ALBION', 'ANCHOR', 'ARDEN', 'AVON',
  'BEDE', 'BELL', 'BLACKWOOD', 'BLUEBELL', 'BOWLAND', 'BRECON', 'CAMBRIAN', 'CHILTERN', 'COTSWOLD', 'DOVE', 'FOREST', 'GLEN',
  'GOLDEN', 'HADRIAN', 'HAMPDEN', 'HERON', 'KINGFISHER', 'LOWTHER', 'MALVERN', 'MENDIP', 'NENE', 'OUSE', 'PEAK', 'QUANTOCK',
  'RIBBLE', 'SOLWAY', 'TEME', 'USK', 'WYE',
];
export const MIDDLE = [
  'BUILDING', 'CARE', 'CATERING', 'CLEANING', 'CONSTRUCTION', 'CONSULTING', 'DIGITAL', 'ELECTRICAL', 'ENERGY', 'ENGINEERING',
  'ENVIRONMENTAL', 'FACILITIES', 'FOODS', 'FURNITURE', 'GLAZING', 'GROUNDWORKS', 'HEALTHCARE', 'HIGHWAYS', 'HOMECARE', 'HOUSING',
  'IT', 'JOINERY', 'LANDSCAPES', 'LEGAL', 'LIFT', 'LIGHTING', 'LOGISTICS', 'MAINTENANCE', 'MEDICAL', 'METAL', 'MOTOR', 'NURSING',
  'OFFICE', 'PACKAGING', 'PAINTING', 'PAVING', 'PEST', 'PLANT', 'PLUMBING', 'PRINT', 'PROPERTY', 'RECRUITMENT', 'RECYCLING',
  'ROOFING', 'SAFETY', 'SCAFFOLDING', 'SECURITY', 'SIGNS', 'SOLAR', 'SOFTWARE', 'STAFFING', 'SUPPORT', 'SURVEYING', 'SYSTEMS',
  'TAXIS', 'TECHNICAL', 'TIMBER', 'TRAINING', 'TRANSPORT', 'TRAVEL', 'UNIFORMS', 'WASTE', 'WATER', 'WELDING', 'WINDOWS',
];
const LAST = [
  'SERVICES', 'SOLUTIONS', 'GROUP', 'SUPPLIES', 'CONTRACTORS', 'PARTNERS', 'ASSOCIATES', 'UK', 'HOLDINGS', 'SPECIALISTS',
  'COMPANY', 'INTERNATIONAL', 'NORTH', 'SOUTH', 'MIDLANDS', 'TRADING', 'DIRECT', 'NETWORK', 'CENTRE', 'WORKS', 'AGENCY',
  'MANAGEMENT', 'PRODUCTS', 'HIRE', 'INSTALLATIONS', 'MAINTENANCE', 'PROJECTS', 'RESOURCES', 'TECHNOLOGIES', 'ENTERPRISES',
];
export const GIVEN = ['J', 'A', 'M', 'S', 'D', 'K', 'P', 'R', 'L', 'C'];
export const SURNAME = ['SMITH', 'JONES', 'TAYLOR', 'BROWN', 'WILLIAMS', 'WILSON', 'JOHNSON', 'DAVIES', 'ROBINSON', 'WRIGHT', 'THOMPSON', 'EVANS', 'WALKER', 'WHITE', 'ROBERTS', 'GREEN', 'HALL', 'WOOD', 'JACKSON', 'CLARKE'];
const CHARITY = ['AID', 'TRUST', 'FOUNDATION', 'HOSPICE', 'CARERS', 'ACTION', 'COMMUNITY PROJECT', 'FOOD BANK', 'YOUTH CLUB', 'ADVICE CENTRE'];
const PUBLIC = ['BOROUGH COUNCIL', 'CITY COUNCIL', 'COUNTY COUNCIL', 'NHS FOUNDATION TRUST', 'FIRE AND RESCUE SERVICE', 'COLLEGE'];

export type SupplierKind = 'ltd' | 'plc' | 'llp' | 'sole_trader' | 'charity' | 'public_body';

export interface Supplier {
  index: number;
  kind: SupplierKind;
  /** The registered name as Companies House holds it (upper case), or the name an individual/charity trades under. */
  name: string;
  /** Companies House number, or null for sole traders, unincorporated charities and public bodies. */
  companyNumber: string | null;
  /** Registered-office (company) or trading postcode, in pcds form; always one in the generated ONSPD. */
  postcode: string;
  /** LAD of that postcode in the generated ONSPD ('' for postcodes with no area). */
  lad: string;
  /** The anchor this supplier is local to, or -1. */
  localTo: number;
}

export interface PostcodePool {
  all: { pcds: string; lad: string }[];
  byLad: Map<string, { pcds: string; lad: string }[]>;
}

/** Supplier company numbers live below 05,000,000; filler companies above it, so the two never collide. */
export function supplierCompanyNumber(kind: SupplierKind, index: number): string | null {
  if (kind === 'llp') return `OC${String(300000 + index).padStart(6, '0')}`;
  if (kind === 'ltd' && index % 12 === 5) return `SC${String(100000 + index).padStart(6, '0')}`;
  if (kind === 'ltd' || kind === 'plc') return String(1_000_000 + index * 13).padStart(8, '0');
  return null;
}

export function generateSuppliers(count: number, anchors: number, homeLads: string[][], pool: PostcodePool, rng: Rng): Supplier[] {
  const used = new Set<string>();
  const suppliers: Supplier[] = [];
  for (let index = 0; index < count; index++) {
    const roll = rng.next();
    const kind: SupplierKind =
      roll < 0.66 ? 'ltd' : roll < 0.72 ? 'plc' : roll < 0.78 ? 'llp' : roll < 0.88 ? 'sole_trader' : roll < 0.96 ? 'charity' : 'public_body';
    let name = '';
    for (let attempt = 0; attempt < 50 && (name === '' || used.has(name)); attempt++) {
      const base = rng.chance(0.5)
        ? `${rng.pick(FIRST)} ${rng.pick(MIDDLE)} ${rng.pick(LAST)}`
        : rng.chance(0.5)
          ? `${rng.pick(FIRST)} ${rng.pick(MIDDLE)}`
          : `${rng.pick(FIRST)} ${rng.pick(FIRST)} ${rng.pick(MIDDLE)} ${rng.pick(LAST)}`;
      switch (kind) {
        case 'ltd':
          name = `${base} LIMITED`;
          break;
        case 'plc':
          name = `${base} PLC`;
          break;
        case 'llp':
          name = `${base} LLP`;
          break;
        case 'sole_trader':
          name = `${rng.pick(GIVEN)} ${rng.pick(SURNAME)} T/A ${base}`;
          break;
        case 'charity':
          name = `${rng.pick(FIRST)} ${rng.chance(0.3) ? `ST ${rng.pick(SURNAME)}'S` : rng.pick(MIDDLE)} ${rng.pick(CHARITY)}`;
          break;
        case 'public_body':
          name = `${rng.pick(FIRST)} ${rng.pick(PUBLIC)}`;
          break;
      }
    }
    if (used.has(name)) name = `${name} ${index}`;
    used.add(name);
    let localTo = -1;
    let place = pool.all[rng.int(pool.all.length)] as { pcds: string; lad: string };
    if (rng.chance(0.35)) {
      localTo = index % anchors;
      const lads = homeLads[localTo] as string[];
      const local = pool.byLad.get(lads[rng.int(lads.length)] as string);
      if (local && local.length > 0) place = local[rng.int(local.length)] as { pcds: string; lad: string };
    }
    suppliers.push({ index, kind, name, companyNumber: supplierCompanyNumber(kind, index), postcode: place.pcds, lad: place.lad, localTo });
  }
  return suppliers;
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/\b([a-z])/g, (m) => m.toUpperCase());
}

function typo(text: string, h: number): string {
  const words = text.split(' ');
  const w = h % Math.max(1, words.length - 1);
  const word = words[w] as string;
  if (word.length < 5) return text;
  const at = 1 + (h % (word.length - 2));
  words[w] = word.slice(0, at) + word.slice(at + 1);
  return words.join(' ');
}

export type VariantKind = 'registered' | 'ltd' | 'title_ltd' | 'lower' | 'ta' | 'typo' | 'dotted';

/**
 * How a ledger spells a supplier: the registered name, `Ltd` for `Limited`, title or lower case,
 * a "T/A" trading name, a dropped letter, trailing punctuation. Chosen per (anchor, supplier) by `h`.
 */
export function publishedName(s: Supplier, h: number): { name: string; variant: VariantKind } {
  if (s.kind === 'sole_trader' || s.kind === 'charity' || s.kind === 'public_body') {
    const v = h % 3;
    return { name: v === 0 ? s.name : v === 1 ? titleCase(s.name) : titleCase(s.name).replace(/'S\b/, "'s"), variant: v === 0 ? 'registered' : 'title_ltd' };
  }
  const roll = h % 100;
  const short = s.name.replace(/ LIMITED$/, ' LTD');
  if (roll < 22) return { name: s.name, variant: 'registered' };
  if (roll < 44) return { name: short, variant: 'ltd' };
  if (roll < 70) return { name: titleCase(short).replace(/ Plc$/, ' plc').replace(/ Llp$/, ' LLP'), variant: 'title_ltd' };
  if (roll < 78) return { name: s.name.toLowerCase(), variant: 'lower' };
  if (roll < 86) return { name: `${titleCase(short)} T/A ${titleCase(s.name.split(' ')[0] as string)} Direct`, variant: 'ta' };
  if (roll < 94) return { name: typo(titleCase(short), h >>> 8), variant: 'typo' };
  return { name: `${titleCase(s.name).replace(/ Limited$/, ' Limited.').replace(/ Plc$/, ' P.L.C.')}`, variant: 'dotted' };
}
