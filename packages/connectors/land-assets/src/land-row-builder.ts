import type { LandAssetRecord, LandHoldingKind, LandTenure, LandUseStatus } from '@cwb/contracts';
import { cleanCell, codeLookup, fieldsForHeader, headerKey, normalisePostcode, parseDate, type DateOrder, type RowOutcome } from '@cwb/connector-sdk';
import type { LandField, LandMappingFit } from './land-mapping';

/** A land asset as built from one record, before lineage and the anchor are added. */
export type LandSourceRow = Omit<LandAssetRecord, 'anchor_id'>;

const OUTWARD_CODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)(?:\s|$)/;
const TRAILING_POSTCODE = /([A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2})\s*$/i;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const ACRE_HA = 0.40468564224;

/** `1,234.5`, `415.05 m2`, `3 ha` → a number; null when blank; NaN when not a number. */
function parseMeasure(text: string): number | null {
  const compact = text.replace(/[\s\u00a0,]+/g, '').replace(/(m2|m²|sqm|ha|hectares?|acres?)$/i, '');
  if (compact === '') return null;
  return NUMBER.test(compact) ? Number(compact) : Number.NaN;
}

/** A multi-line address block as one line: line breaks (CR or LF) become commas, padding lines go. */
function oneLine(text: string): string {
  return text
    .split(/[\r\n]+/)
    .map((part) => part.replace(/[\s\u00a0]+/g, ' ').trim().replace(/,$/, ''))
    .filter((part) => part !== '')
    .join(', ');
}

/**
 * Builds land assets from the records of one register whose header and mapping are known.
 * A value of tenure, use or holding the mapping does not list is a bad record naming the value
 * and the mapping key to add it to (never guessed); blank values are unknown (null).
 */
export class LandRowBuilder {
  private readonly headerLength: number;
  private readonly tenure: (text: string) => LandTenure | undefined;
  private readonly use: (text: string) => LandUseStatus | undefined;
  private readonly holding: (text: string) => LandHoldingKind | undefined;
  private readonly crs: (text: string) => 'wgs84' | 'bng' | undefined;
  private readonly surplusHoldings: Set<string>;
  private readonly trueValues: Set<string>;
  private readonly blank: Set<string>;
  private readonly canSaySurplus: boolean;

  constructor(
    private readonly fit: LandMappingFit,
    header: readonly string[],
    private readonly dateOrder: DateOrder | null,
    private readonly registerDate: string,
  ) {
    this.headerLength = header.length;
    const values = fit.mapping.values;
    this.tenure = codeLookup(values.tenure);
    this.use = codeLookup(values.use_status);
    this.holding = codeLookup(values.holding_kind);
    this.crs = codeLookup(values.coordinate_system);
    this.surplusHoldings = new Set(values.surplus_holdings.map(headerKey));
    this.trueValues = new Set(values.true_values.map(headerKey));
    this.blank = new Set(values.blank.map((text) => text.trim().toLowerCase()));
    this.canSaySurplus = fit.columns.surplus !== undefined || values.surplus_holdings.length > 0;
  }

  build(input: readonly string[]): RowOutcome<LandSourceRow> {
    const counted = fieldsForHeader(input, this.headerLength);
    if (!counted.ok) return { kind: 'bad', reason: counted.reason, detail: counted.detail };
    const fields = counted.fields;
    const raw = (field: LandField) => {
      const index = this.fit.columns[field];
      return index === undefined ? '' : (fields[index] ?? '');
    };
    const value = (field: LandField) => {
      const text = cleanCell(raw(field)).replace(/[\s\u00a0]+/g, ' ');
      return this.blank.has(text.toLowerCase()) ? '' : text;
    };
    const mappingName = this.fit.mapping.name;
    const notes: string[] = [];

    const code = value('asset_code');
    const uprnText = value('uprn').replace(/\s+/g, '');
    const name = value('property_name');
    const address = oneLine([value('street_number'), cleanCell(raw('address'))].filter((part) => part !== '').join(' '));
    if (code === '' && uprnText === '' && name === '' && address === '') {
      return { kind: 'bad', reason: 'no asset identified', detail: 'the asset code, UPRN, property name and address are all blank' };
    }
    let uprn: string | null = null;
    if (uprnText !== '') {
      if (!/^\d{1,12}$/.test(uprnText) || /^0+$/.test(uprnText)) {
        return { kind: 'bad', reason: 'invalid UPRN', detail: `UPRN "${uprnText}" is not a number of up to 12 digits` };
      }
      uprn = uprnText.replace(/^0+/, '');
    }

    let effective: string | null = null;
    const dateText = value('effective_date');
    if (dateText !== '') {
      const parsed = parseDate(dateText, this.dateOrder);
      if (!parsed.ok) return { kind: 'bad', reason: 'unparseable effective date', detail: parsed.reason };
      effective = parsed.iso;
    }

    const coded = <T extends string>(field: LandField, lookup: (text: string) => T | undefined, key: string, label: string) => {
      const text = value(field);
      if (text === '') return { ok: true as const, value: null, text: null };
      const found = lookup(text);
      if (found === undefined) return { ok: false as const, detail: `${label} "${text}" is not in mapping ${mappingName}'s values.${key}; add it there` };
      return { ok: true as const, value: found, text };
    };
    const tenure = coded('tenure', this.tenure, 'tenure', 'tenure');
    if (!tenure.ok) return { kind: 'bad', reason: 'unknown tenure', detail: tenure.detail };
    const use = coded('use', this.use, 'use_status', 'tenure detail');
    if (!use.ok) return { kind: 'bad', reason: 'unknown use', detail: use.detail };
    const holding = coded('holding', this.holding, 'holding_kind', 'holding type');
    if (!holding.ok) return { kind: 'bad', reason: 'unknown holding type', detail: holding.detail };

    const measure = (field: LandField, label: string) => {
      const parsed = parseMeasure(value(field));
      if (Number.isNaN(parsed) || (parsed !== null && parsed < 0)) return { ok: false as const, detail: `${label} "${value(field)}" is not a non-negative number` };
      return { ok: true as const, value: parsed };
    };
    const building = measure('building_size', 'building size');
    if (!building.ok) return { kind: 'bad', reason: 'unparseable building size', detail: building.detail };
    const land = measure('land_area', 'land area');
    if (!land.ok) return { kind: 'bad', reason: 'unparseable land area', detail: land.detail };
    const unit = this.fit.mapping.parse.land_area_unit;
    const landHa = land.value === null ? null : unit === 'ha' ? land.value : unit === 'm2' ? land.value / 10_000 : land.value * ACRE_HA;

    const x = parseMeasure(value('geo_x'));
    const y = parseMeasure(value('geo_y'));
    if (Number.isNaN(x) || Number.isNaN(y)) {
      return { kind: 'bad', reason: 'unparseable coordinates', detail: `GeoX "${value('geo_x')}" and GeoY "${value('geo_y')}" are not both numbers` };
    }
    const crsText = value('coordinate_system');
    const crs = crsText === '' ? this.fit.mapping.parse.coordinate_system : (this.crs(crsText) ?? null);
    if (crsText !== '' && crs === null) {
      return { kind: 'bad', reason: 'unknown coordinate system', detail: `coordinate reference system "${crsText}" is not in mapping ${mappingName}'s values.coordinate_system` };
    }
    const hasPoint = x !== null && y !== null;

    let postcodeText = value('postcode');
    if (postcodeText === '' && this.fit.mapping.parse.postcode_in_address) postcodeText = TRAILING_POSTCODE.exec(address)?.[1] ?? '';
    const postcode = postcodeText === '' ? null : normalisePostcode(postcodeText);
    const district = postcode ? postcode.split(' ')[0] ?? null : (OUTWARD_CODE.exec(postcodeText.toUpperCase())?.[1] ?? null);
    if (postcodeText !== '' && postcode === null) notes.push(district ? 'postcode is only an outward code (or not a full postcode): district kept' : 'postcode not valid: dropped');

    const surplusText = value('surplus');
    const isSurplus = !this.canSaySurplus
      ? null
      : this.fit.columns.surplus !== undefined
        ? surplusText === ''
          ? null
          : this.trueValues.has(headerKey(surplusText))
        : holding.text === null
          ? null
          : this.surplusHoldings.has(headerKey(holding.text));

    return {
      kind: 'row',
      notes,
      row: {
        register_date: this.registerDate,
        effective_date: effective,
        uprn,
        asset_code: code || null,
        property_name: name || null,
        address: address || null,
        post_town: value('post_town') || null,
        postcode,
        postcode_district: district,
        coordinate_system: hasPoint ? crs : null,
        geo_x: hasPoint ? x : null,
        geo_y: hasPoint ? y : null,
        tenure: tenure.value,
        tenure_text: tenure.text,
        use_status: use.value,
        use_text: use.text,
        holding_kind: holding.value,
        holding_text: holding.text,
        other_detail: value('other_detail') || null,
        building_size_m2: building.value,
        land_area_ha: landHa,
        is_vacant: use.value === null ? null : use.value === 'vacant',
        is_leased_out: use.value === null ? null : use.value === 'leased_out' || use.value === 'licensed_out',
        is_surplus: isSurplus,
        energy_rating: value('energy_rating') || null,
      },
    };
  }
}
