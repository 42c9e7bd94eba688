import { z } from 'zod';
import { lineageSchema } from './ap-transaction';

/**
 * What kind of body a grant's recipient is, read from its org-id (the 360Giving identifier):
 * a company (GB-COH-), a charity (GB-CHC-, GB-SC-, GB-NIC-), a mutual or registered society
 * (GB-MPR-), a group with no registered number (the funder's own `360G-…` identifier), other.
 */
export const recipientKindSchema = z.enum(['company', 'charity', 'mutual', 'unregistered', 'other']);
export type RecipientKind = z.infer<typeof recipientKindSchema>;

/**
 * The canonical grant: one award in an anchor's grants data (the 360Giving standard, as CSV
 * or JSON), whatever the publisher's layout. Grain: one row per grant record that parsed.
 * Money in integer pence, in pounds sterling only.
 */
export const grantRecordSchema = z.object({
  anchor_id: z.string().min(1),
  grant_id: z.string().min(1).describe('The 360Giving grant identifier (360G-…)'),
  title: z.string().nullable(),
  amount_pence: z.number().int().nonnegative().describe('Amount awarded, in pence'),
  award_date: z.iso.date(),
  programme_code: z.string().nullable(),
  programme_title: z.string().nullable(),
  recipient_org_id: z.string().nullable().describe('The recipient org-id as published (GB-COH-…, GB-CHC-…, 360G-…)'),
  recipient_kind: recipientKindSchema.nullable(),
  recipient_name: z.string().nullable(),
  recipient_company_number: z.string().nullable().describe('Companies House number, 8 characters: from its column, else from a GB-COH- org-id'),
  recipient_charity_number: z.string().nullable().describe('Charity number: from its column, else from a GB-CHC- org-id'),
  recipient_postcode: z.string().nullable().describe('Normalised postcode of the recipient when the data gives one'),
  is_vcse: z.boolean().nullable().describe('A charity, CIC, mutual or society by the data itself (a charity number, a GB-CHC-/GB-MPR- id, CIC in the name); null: not known from the data (matching may tell)'),
  funder_org_id: z.string().nullable(),
  funder_name: z.string().nullable(),
  beneficiary_geo_code: z.string().nullable().describe('The beneficiary location code as published (e.g. a local authority code)'),
});
export type GrantRecord = z.infer<typeof grantRecordSchema>;

export const stagedGrantRecordSchema = grantRecordSchema.extend(lineageSchema.shape);
export type StagedGrantRecord = z.infer<typeof stagedGrantRecordSchema>;
