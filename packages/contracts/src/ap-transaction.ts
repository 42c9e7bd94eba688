import { z } from 'zod';

/**
 * The canonical accounts-payable (AP) transaction: one payment line from an
 * anchor's finance export, whatever the publisher's layout.
 * Grain: one row per source record that parsed as a payment.
 * Money is in integer pence (`amount_pence`) so sums are exact.
 */
export const apTransactionSchema = z.object({
  anchor_id: z.string().min(1),
  payment_date: z.iso.date().describe('ISO date the payment was made (or the effective date when only that is published)'),
  amount_pence: z.number().int().describe('Amount in pence; credit notes are negative'),
  supplier_name: z.string().nullable().describe('Supplier name as published; null when the row is redacted'),
  is_redacted: z.boolean(),
  supplier_id: z.string().nullable(),
  company_number: z.string().nullable().describe('Companies House number, normalised to 8 characters (e.g. 03350709, SC123456, OC361323)'),
  vat_number: z.string().nullable(),
  charity_number: z.string().nullable(),
  supplier_postcode: z.string().nullable().describe('Normalised postcode (upper case, single space) when the file carries one'),
  transaction_ref: z.string().nullable(),
  expense_area: z.string().nullable(),
  expense_type: z.string().nullable(),
  category: z.string().nullable(),
  description: z.string().nullable(),
  is_procurement_card: z.boolean(),
  is_vcse_flagged: z.boolean().nullable().describe("The publisher's own VCSE flag where the file has one"),
});
export type ApTransaction = z.infer<typeof apTransactionSchema>;

/** Lineage carried by every staged or loaded row. */
export const lineageSchema = z.object({
  load_id: z.string().min(1),
  source_file: z.string().min(1),
  source_line: z.number().int().positive().describe('1-based physical line where the record starts'),
});
export type Lineage = z.infer<typeof lineageSchema>;

export const stagedApTransactionSchema = apTransactionSchema.extend(lineageSchema.shape);
export type StagedApTransaction = z.infer<typeof stagedApTransactionSchema>;

/** A record that could not become a canonical row, kept with its reason. */
export const quarantinedRecordSchema = lineageSchema.extend({
  anchor_id: z.string().min(1),
  reason: z.string().min(1).describe('Short machine-groupable reason, e.g. "unparseable amount"'),
  detail: z.string().nullable().describe('What was found and what was expected'),
  raw: z.string().nullable().describe('The raw record text, truncated to 2,000 characters'),
});
export type QuarantinedRecord = z.infer<typeof quarantinedRecordSchema>;

/** A record read but deliberately not loaded (totals line, blank data row). */
export const skippedRecordSchema = quarantinedRecordSchema;
export type SkippedRecord = QuarantinedRecord;

/** A quarantined or skipped record as the extract stage stages it for the loader (raw.rejected_records). */
export const stagedRejectedRecordSchema = quarantinedRecordSchema.extend({
  disposition: z.enum(['quarantined', 'skipped']),
});
export type StagedRejectedRecord = z.infer<typeof stagedRejectedRecordSchema>;
