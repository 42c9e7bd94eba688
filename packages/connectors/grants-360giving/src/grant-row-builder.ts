import type { GrantRecord, RecipientKind } from '@cwb/contracts';
import { cleanCell, fieldsForHeader, normaliseCharityNumber, normaliseCompanyNumber, normalisePostcode, parseAmountPence, parseDate, type DateOrder, type RowOutcome } from '@cwb/connector-sdk';
import type { GrantField, GrantMappingFit } from './grant-mapping';

/** A grant as built from one record, before lineage and the anchor are added. */
export type GrantSourceRow = Omit<GrantRecord, 'anchor_id'>;

/**
 * Builds grants from the records of one grants file whose header and mapping are known. A
 * grant with no identifier, amount or award date, an amount that is not money, or a currency
 * other than pounds is a bad record with the reason; the recipient's kind comes from its
 * org-id's prefix, its numbers from their columns or from the org-id.
 */
export class GrantRowBuilder {
  private readonly headerLength: number;
  private readonly kinds: [prefix: string, kind: RecipientKind][];
  private readonly vcseKinds: Set<RecipientKind>;
  private readonly vcseNames: RegExp[];
  private readonly currencies: Set<string>;

  constructor(
    private readonly fit: GrantMappingFit,
    header: readonly string[],
    private readonly dateOrder: DateOrder | null,
  ) {
    this.headerLength = header.length;
    const values = fit.mapping.values;
    this.kinds = (Object.entries(values.recipient_kinds) as [RecipientKind, string[]][]).flatMap(([kind, prefixes]) => prefixes.map((prefix): [string, RecipientKind] => [prefix.toUpperCase(), kind]));
    this.vcseKinds = new Set(values.vcse_kinds);
    this.vcseNames = values.vcse_names.map((pattern) => new RegExp(pattern, 'i'));
    this.currencies = new Set(values.currencies.map((c) => c.toUpperCase()));
  }

  build(input: readonly string[]): RowOutcome<GrantSourceRow> {
    const counted = fieldsForHeader(input, this.headerLength);
    if (!counted.ok) return { kind: 'bad', reason: counted.reason, detail: counted.detail };
    const fields = counted.fields;
    const value = (field: GrantField) => {
      const index = this.fit.columns[field];
      return index === undefined ? '' : cleanCell(fields[index]).replace(/[\s\u00a0]+/g, ' ');
    };
    const id = value('grant_id');
    if (id === '') return { kind: 'bad', reason: 'missing grant identifier', detail: 'the grant identifier is blank' };
    const currency = value('currency').toUpperCase();
    if (currency !== '' && !this.currencies.has(currency)) {
      return { kind: 'bad', reason: 'not in pounds', detail: `currency "${currency}" is not one of mapping ${this.fit.mapping.name}'s values.currencies (${[...this.currencies].join(', ')})` };
    }
    const amount = parseAmountPence(value('amount'));
    if (!amount.ok) return { kind: 'bad', reason: 'unparseable amount', detail: amount.reason };
    if (amount.pence < 0) return { kind: 'bad', reason: 'negative grant', detail: `amount awarded ${value('amount')} is below zero` };
    const date = parseDate(value('award_date'), this.dateOrder);
    if (!date.ok) return { kind: 'bad', reason: 'unparseable award date', detail: date.reason };

    const notes: string[] = [];
    const orgId = value('recipient_org_id');
    const upper = orgId.toUpperCase();
    const kind = orgId === '' ? null : (this.kinds.find(([prefix]) => upper === prefix || upper.startsWith(`${prefix}-`))?.[1] ?? 'other');
    const fromOrgId = (prefix: string) => (upper.startsWith(`${prefix}-`) ? orgId.slice(prefix.length + 1) : '');
    const companyText = value('recipient_company_number') || fromOrgId('GB-COH');
    const company = companyText === '' ? null : normaliseCompanyNumber(companyText);
    if (companyText !== '' && company === null) notes.push('company number not valid: dropped');
    const charityText = value('recipient_charity_number') || fromOrgId('GB-CHC') || fromOrgId('GB-SC') || fromOrgId('GB-NIC');
    const charity = charityText === '' ? null : normaliseCharityNumber(charityText);
    if (charityText !== '' && charity === null) notes.push('charity number not valid: dropped');
    const postcodeText = value('recipient_postcode');
    const postcode = postcodeText === '' ? null : normalisePostcode(postcodeText);
    if (postcodeText !== '' && postcode === null) notes.push('recipient postcode not valid: dropped');
    const name = value('recipient_name');
    const isVcse = (kind !== null && this.vcseKinds.has(kind)) || charity !== null || this.vcseNames.some((pattern) => pattern.test(name)) ? true : null;

    return {
      kind: 'row',
      notes,
      row: {
        grant_id: id,
        title: value('title') || null,
        amount_pence: amount.pence,
        award_date: date.iso,
        programme_code: value('programme_code') || null,
        programme_title: value('programme_title') || null,
        recipient_org_id: orgId || null,
        recipient_kind: kind,
        recipient_name: name || null,
        recipient_company_number: company,
        recipient_charity_number: charity,
        recipient_postcode: postcode,
        is_vcse: isVcse,
        funder_org_id: value('funder_org_id') || null,
        funder_name: value('funder_name') || null,
        beneficiary_geo_code: value('beneficiary_geo_code') || null,
      },
    };
  }
}
