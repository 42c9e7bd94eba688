import { z } from 'zod';
import { lineageSchema } from './ap-transaction';

/**
 * The canonical organisation of a register of organisations (Co-operatives UK open data, a
 * Companies House BasicCompanyData extract, a mutuals register), whatever the publisher's
 * columns: who it is, what legal form and category the register gives it, and where its
 * registered office is. Its ownership form (co-operative, CIC, credit union …) is not decided
 * here: the warehouse derives it from these published words with the ownership-forms mapping
 * (data, `packages/warehouse/catalogue/ownership-forms.yaml`). Grain: one row per register
 * record that parsed as an organisation, per register file (an edition of a register).
 */
export const organisationRecordSchema = z.object({
  anchor_id: z.string().min(1),
  register: z.string().regex(/^[a-z0-9][a-z0-9_]*$/).describe("Which register the file is (its mapping's register: coops_uk, companies_house …); the ownership-forms rules are keyed on it"),
  register_date: z.iso.date().describe('The date the register edition describes (set on the source)'),
  register_id: z.string().min(1).describe("The register's own identifier (CUK Organisation ID, company number)"),
  org_id: z.string().regex(/^[A-Z]{2}-[A-Z]{2,4}-\S+$/).nullable().describe('org-id (GB-COH-<company number>, GB-MPR-<society number>) when the registrar and number give one'),
  registered_number: z.string().nullable().describe('The registrar number as published (leading zeros kept)'),
  registrar: z.string().nullable().describe('Registrar as published (FCA, Companies House)'),
  name: z.string().min(1),
  legal_form: z.string().nullable().describe('Legal form or company category as published (Society, Community Interest Company, Private Limited Company)'),
  ownership_classification: z.string().nullable().describe('Co-operatives UK ownership classification as published (Consumers, Workers, Employee Trust …)'),
  sector: z.string().nullable(),
  sic_code: z.string().nullable(),
  postcode: z.string().nullable().describe('Registered office postcode, normalised; null when missing or not a full postcode'),
  is_live: z.boolean().nullable().describe('Live (trading or active) in this edition; null when the register does not say'),
  status_text: z.string().nullable().describe('Status as published'),
  incorporated_on: z.iso.date().nullable(),
  dissolved_on: z.iso.date().nullable(),
});
export type OrganisationRecord = z.infer<typeof organisationRecordSchema>;

export const stagedOrganisationRecordSchema = organisationRecordSchema.extend(lineageSchema.shape);
export type StagedOrganisationRecord = z.infer<typeof stagedOrganisationRecordSchema>;
