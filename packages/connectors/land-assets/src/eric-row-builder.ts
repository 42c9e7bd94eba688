import type { NhsEstateReturn } from '@cwb/contracts';
import { cleanCell, fieldsForHeader, type RowOutcome } from '@cwb/connector-sdk';
import type { EricField, EricMappingFit } from './eric-mapping';

/** An estates return as built from one record, before lineage and the anchor are added. */
export type EricSourceRow = Omit<NhsEstateReturn, 'anchor_id'>;

const TRUST_CODE = /^[A-Z0-9]{3,5}$/;
const NUMBER = /^\d+(?:\.\d+)?$/;
const HA_M2 = 10_000;

/**
 * Builds the anchor's estates return from the records of an ERIC trust-level file (one row per
 * trust): the anchor's own trust row is loaded, every other trust's row is skipped with the
 * reason. A row whose commissioning region is not a region (its trust name was split at its
 * comma) keeps its code and areas, and its name, region and type are refused as not proven
 * (trust_columns_status). An area that is not a non-negative number is a bad record.
 */
export class EricRowBuilder {
  private readonly headerLength: number;
  private readonly provenRegion: RegExp;
  private readonly notApplicable: Set<string>;

  constructor(
    private readonly fit: EricMappingFit,
    header: readonly string[],
    private readonly trustCode: string,
    private readonly financialYear: string,
  ) {
    this.headerLength = header.length;
    this.provenRegion = new RegExp(`^(?:${fit.mapping.values.proven_region})$`, 'i');
    this.notApplicable = new Set(fit.mapping.values.not_applicable.map((text) => text.trim().toLowerCase()));
  }

  build(input: readonly string[]): RowOutcome<EricSourceRow> {
    const counted = fieldsForHeader(input, this.headerLength);
    if (!counted.ok) return { kind: 'bad', reason: counted.reason, detail: counted.detail };
    const fields = counted.fields;
    const raw = (field: EricField) => {
      const index = this.fit.columns[field];
      return index === undefined ? '' : cleanCell(fields[index]);
    };
    const code = raw('trust_code').toUpperCase();
    if (!TRUST_CODE.test(code)) return { kind: 'bad', reason: 'invalid trust code', detail: `Organisation Code "${code}" is not an ODS trust code` };
    if (code !== this.trustCode) return { kind: 'skip', reason: "another trust's return", detail: `${code}, not this anchor's trust (${this.trustCode})` };

    const areas: Partial<Record<EricField, number | null>> = {};
    for (const field of ['gross_internal_floor_area', 'occupied_floor_area', 'land_area_owned', 'land_area_not_delivering'] as const) {
      const text = raw(field).replace(/,/g, '');
      if (this.fit.columns[field] === undefined || this.notApplicable.has(text.toLowerCase())) {
        areas[field] = null;
        continue;
      }
      if (!NUMBER.test(text)) return { kind: 'bad', reason: 'unparseable area', detail: `${field} "${raw(field)}" is not a non-negative number` };
      const value = Number(text);
      areas[field] = field.startsWith('land_') && this.fit.mapping.parse.land_area_unit === 'ha' ? Math.round(value * HA_M2 * 100) / 100 : value;
    }

    const region = raw('commissioning_region');
    const proven = this.fit.columns.commissioning_region === undefined || this.provenRegion.test(region);
    return {
      kind: 'row',
      notes: proven ? [] : ['trust name split at its comma: name, region and type not loaded'],
      row: {
        financial_year: this.financialYear,
        trust_code: code,
        trust_name: proven ? raw('trust_name') || null : null,
        commissioning_region: proven ? region || null : null,
        organisation_type: proven ? raw('organisation_type') || null : null,
        trust_columns_status: proven ? 'proven' : 'name_split_at_comma',
        trust_columns_detail: proven
          ? null
          : `Commissioning Region "${region}" is not a region: the trust name "${raw('trust_name')}" was split at its comma, so name, region and type are not proven here`,
        gross_internal_floor_area_m2: areas.gross_internal_floor_area ?? null,
        occupied_floor_area_m2: areas.occupied_floor_area ?? null,
        land_owned_m2: areas.land_area_owned ?? null,
        land_not_delivering_services_m2: areas.land_area_not_delivering ?? null,
      },
    };
  }
}
