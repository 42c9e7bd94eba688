import type { OrganisationRecord } from '@cwb/contracts';
import { cleanCell, codeLookup, fieldsForHeader, normaliseCompanyNumber, normalisePostcode, parseDate, type DateOrder, type RowOutcome } from '@cwb/connector-sdk';
import type { OrgRegisterField, OrgRegisterMappingFit } from './org-register-mapping';

/** The first registered societies date from the 1840s (the Co-operative Group: 1863). */
const EARLIEST_REGISTERED_YEAR = 1800;

/** An organisation as built from one record, before lineage and the anchor are added. */
export type OrgRegisterSourceRow = Omit<OrganisationRecord, 'anchor_id'>;

/**
 * Builds organisations from the records of one register whose header and mapping are known.
 * A record with no identifier or name, a date that is not one, or a status the mapping does not
 * list is a bad record with the reason; a postcode that is not a full one (`SR6 7`) is kept as
 * unknown with a note.
 */
export class OrgRegisterRowBuilder {
  private readonly headerLength: number;
  private readonly scheme: (text: string) => string | undefined;
  private readonly status: (text: string) => 'live' | 'not_live' | undefined;
  private readonly blank: Set<string>;

  constructor(
    private readonly fit: OrgRegisterMappingFit,
    header: readonly string[],
    private readonly dateOrder: DateOrder | null,
    private readonly registerDate: string,
  ) {
    this.headerLength = header.length;
    const values = fit.mapping.values;
    this.scheme = codeLookup(values.org_id_schemes);
    this.status = codeLookup({ live: values.live, not_live: values.not_live });
    this.blank = new Set(values.blank.map((text) => text.trim().toLowerCase()));
  }

  build(input: readonly string[]): RowOutcome<OrgRegisterSourceRow> {
    const counted = fieldsForHeader(input, this.headerLength);
    if (!counted.ok) return { kind: 'bad', reason: counted.reason, detail: counted.detail };
    const fields = counted.fields;
    const value = (field: OrgRegisterField) => {
      const index = this.fit.columns[field];
      const text = index === undefined ? '' : cleanCell(fields[index]).replace(/[\s\u00a0]+/g, ' ');
      return this.blank.has(text.toLowerCase()) ? '' : text;
    };
    const mapping = this.fit.mapping;
    const notes: string[] = [];

    const name = value('name');
    const registerId = value('register_id');
    if (registerId === '') return { kind: 'bad', reason: 'no register identifier', detail: `the ${mapping.register} identifier is blank` };
    if (name === '') return { kind: 'bad', reason: 'no organisation name', detail: `${registerId} has no name` };

    const dates: Partial<Record<'incorporated_on' | 'dissolved_on', string>> = {};
    for (const field of ['incorporated_on', 'dissolved_on'] as const) {
      const text = value(field);
      if (text === '') continue;
      const parsed = parseDate(text, this.dateOrder, EARLIEST_REGISTERED_YEAR);
      if (!parsed.ok) return { kind: 'bad', reason: 'unparseable date', detail: `${field}: ${parsed.reason}` };
      dates[field] = parsed.iso;
    }

    const statusText = value('status');
    let isLive: boolean | null = null;
    if (statusText !== '') {
      const found = this.status(statusText);
      if (found === undefined) return { kind: 'bad', reason: 'unknown status', detail: `status "${statusText}" is not in mapping ${mapping.name}'s values.live or values.not_live; add it to one` };
      isLive = found === 'live';
    }

    const registrar = value('registrar') || mapping.parse.registrar;
    const number = (mapping.parse.register_id_is_number ? registerId : value('registered_number')).replace(/\s+/g, '');
    const scheme = registrar ? this.scheme(registrar) : undefined;
    let orgId: string | null = null;
    if (scheme && number !== '') {
      const normalised = scheme === 'GB-COH' ? normaliseCompanyNumber(number) : number.toUpperCase();
      if (normalised === null) notes.push(`registered number not a company number: no org-id`);
      else orgId = `${scheme}-${normalised}`;
    }

    const postcodeText = value('postcode');
    const postcode = postcodeText === '' ? null : normalisePostcode(postcodeText);
    if (postcodeText !== '' && postcode === null) notes.push('postcode not a full postcode: not located');

    return {
      kind: 'row',
      notes,
      row: {
        register: mapping.register,
        register_date: this.registerDate,
        register_id: registerId,
        org_id: orgId,
        registered_number: number || null,
        registrar: registrar || null,
        name,
        legal_form: value('legal_form') || null,
        ownership_classification: value('ownership_classification') || null,
        sector: value('sector') || null,
        sic_code: value('sic_code') || null,
        postcode,
        is_live: isLive,
        status_text: statusText || null,
        incorporated_on: dates.incorporated_on ?? null,
        dissolved_on: dates.dissolved_on ?? null,
      },
    };
  }
}
