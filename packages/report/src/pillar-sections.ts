import { factMetrics, factSections } from '@cwb/warehouse';

/**
 * The report's sections for the pillars measured by the catalogue's fact metrics: each shows every
 * metric of its catalogue sections (and their changes between registers), so a metric added to
 * the catalogue appears in the report without a change here. Headings in the seed's words (the
 * README's indicator list).
 */
export interface PillarSection {
  id: 'finance' | 'land-property' | 'plural-ownership';
  heading: string;
  lead: string;
  /** The catalogue's fact sections whose metrics the section shows. */
  catalogue: (keyof typeof factSections)[];
  /** The metric whose rows the findings above the table state, and what it is said of. */
  headline: string[];
  empty: string;
}

export const PILLAR_SECTIONS: readonly PillarSection[] = [
  {
    id: 'finance',
    heading: 'Finance: recirculating local wealth',
    lead: 'Grants (360Giving) by financial year of the award and programme; the share to VCSE organisations (coverage: pounds whose recipient\'s type is known); and the share to recipients located in the home area, elsewhere and unknown (by the recipient\'s postcode or its matched registered office), which add up to the whole, so the unknown share is stated.',
    catalogue: ['grants'],
    headline: ['grants_awarded', 'grants_share_vcse'],
    empty: 'No grants file is loaded for the selection (a grants-360giving source).',
  },
  {
    id: 'land-property',
    heading: "Land and property: anchors' assets used for local and common good",
    lead: "Assets and building floor area by use, tenure and holding type from each anchor's land and assets register, in the financial year of the register; the shares vacant, leased or licensed out, declared surplus, and vacant, surplus or leased out, each of the assets whose use the register gives (coverage: the share of assets it can say this of; a register with no surplus declaration has no surplus figure); the change against the anchor's previous register; for NHS trusts (ERIC), land owned and land not delivering services in m², the share recomputed from the areas.",
    catalogue: ['land'],
    headline: ['land_share_vacant_surplus_or_leased_out', 'nhs_land_share_not_delivering_services'],
    empty: 'No land and assets register or NHS estates return is loaded for the selection (a land-assets or nhs-eric source).',
  },
  {
    id: 'plural-ownership',
    heading: 'Generative / plural ownership: co-operatives, mutuals and social enterprises that lock wealth into place',
    lead: "Live organisations of the loaded registers (Co-operatives UK open data, ODC-By 1.0; Companies House) registered in each home area, by ownership form, in the financial year of the register edition (coverage: the share of the registers' organisations that are located); co-operatives, mutuals, CICs and credit unions per 1,000 registered firms, shown as – where no Companies House register covers the place (its firm count unknown, coverage 0); and each anchor's share of influenceable spend with plural-ownership suppliers (coverage: spend whose supplier's ownership form is known).",
    catalogue: ['plural_ownership', 'plural_spend'],
    headline: ['plural_organisations_by_form', 'plural_ownership_spend_share'],
    empty: 'No register of organisations is loaded for the selection (an org-registers source) and no spend to classify.',
  },
];

/** The metrics a pillar section shows, in catalogue order: each of its sections' metrics, then its change between registers. */
export function pillarMetrics(section: PillarSection): string[] {
  return section.catalogue.flatMap((name) => factSections[name].metrics.flatMap((m) => (m.change ? [m.name, `${m.name}_change`] : [m.name])));
}

/** A fact metric's label from the catalogue (a change: the metric's, against the previous register). */
export function pillarMetricLabel(metric: string): string {
  const base = factMetrics.find((m) => m.name === metric || `${m.name}_change` === metric);
  if (!base) return metric;
  return base.name === metric ? base.label : `${base.label}: change against the previous register`;
}

/** Whether a fact metric's numerator and denominator are pounds (its measure is in pence). */
export function pillarPartsArePounds(metric: string): boolean | undefined {
  return factMetrics.find((m) => m.name === metric || `${m.name}_change` === metric)?.pence;
}
