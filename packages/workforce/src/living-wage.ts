import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The shipped table: `data/real-living-wage-rates.csv` (see the package README for sources). */
export const LIVING_WAGE_RATES_FILE = fileURLToPath(new URL('../data/real-living-wage-rates.csv', import.meta.url));

export const livingWageAreaSchema = z.enum(['uk', 'london']);
export type LivingWageArea = z.infer<typeof livingWageAreaSchema>;

/**
 * One real living wage rate as announced by the Living Wage Foundation. A rate is in force from
 * its announcement until the next one for the same area (accredited employers then have six
 * months to pay it; `implement_by` records that deadline where it was published).
 */
export const livingWageRateSchema = z.object({
  area: livingWageAreaSchema,
  rate_pence: z.coerce.number().int().positive(),
  announced_on: z.iso.date(),
  implement_by: z.iso.date().nullable(),
  rate_year: z.string().regex(/^\d{4}-\d{2}$/),
  source_note: z.string().min(1),
});
export type LivingWageRate = z.infer<typeof livingWageRateSchema>;

/** Splits one CSV line (quoted fields may contain commas and doubled quotes). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

/** Parses and checks a rate table: one rate per area and year, dates increasing, rates rising. */
export function parseLivingWageRates(text: string, file = LIVING_WAGE_RATES_FILE): LivingWageRate[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = csvFields(lines[0] ?? '');
  const expected = ['area', 'rate_pence', 'announced_on', 'implement_by', 'rate_year', 'source_note'];
  if (header.join(',') !== expected.join(',')) {
    throw new Error(`${file}: header must be ${expected.join(',')}, found ${header.join(',')}`);
  }
  const rates = lines.slice(1).map((line, index) => {
    const cells = csvFields(line);
    const record = Object.fromEntries(expected.map((name, i) => [name, cells[i] === '' ? null : cells[i]]));
    const parsed = livingWageRateSchema.safeParse(record);
    if (!parsed.success) {
      throw new Error(`${file}:${index + 2}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return parsed.data;
  });
  for (const area of livingWageAreaSchema.options) {
    const own = rates.filter((rate) => rate.area === area);
    for (let i = 1; i < own.length; i += 1) {
      const before = own[i - 1] as LivingWageRate;
      const rate = own[i] as LivingWageRate;
      if (rate.announced_on <= before.announced_on || rate.rate_pence <= before.rate_pence) {
        throw new Error(`${file}: ${area} rates must be in announcement order and rising (${before.rate_year} then ${rate.rate_year})`);
      }
    }
  }
  return rates;
}

let shipped: LivingWageRate[] | null = null;

/** The shipped rate table. */
export function livingWageRates(): LivingWageRate[] {
  shipped ??= parseLivingWageRates(readFileSync(LIVING_WAGE_RATES_FILE, 'utf8'));
  return shipped;
}

/** The rate in force on `date` (ISO) for an area; null before the first rate in the table. */
export function livingWageRateOn(date: string, area: LivingWageArea, rates: readonly LivingWageRate[] = livingWageRates()): LivingWageRate | null {
  let found: LivingWageRate | null = null;
  for (const rate of rates) if (rate.area === area && rate.announced_on <= date) found = rate;
  return found;
}

/** London boroughs and the City of London have GSS codes E09…: an anchor there pays the London rate. */
export function isLondonLadCode(ladCode: string): boolean {
  return ladCode.startsWith('E09');
}
