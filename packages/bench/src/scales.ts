import { z } from 'zod';

export const scaleNames = ['small', 'medium', 'large'] as const;
export type ScaleName = (typeof scaleNames)[number];

export interface Scale {
  name: ScaleName;
  /** One anchor = one AP export file. */
  anchors: number;
  payments: number;
  /** ONSPD-format postcode rows (the real directory has about 2.7 million). */
  postcodes: number;
  /** Distinct suppliers across all anchors. */
  suppliers: number;
  /** BasicCompanyData rows (the real file has about 5.7 million). */
  companies: number;
  /** PSC snapshot lines. */
  psc: number;
  /** Interleaved repetitions of pipeline and baseline. */
  reps: number;
}

export const scales: Record<ScaleName, Scale> = {
  small: { name: 'small', anchors: 12, payments: 6_000, postcodes: 20_000, suppliers: 600, companies: 5_000, psc: 2_000, reps: 1 },
  medium: { name: 'medium', anchors: 50, payments: 2_000_000, postcodes: 2_700_000, suppliers: 60_000, companies: 1_000_000, psc: 400_000, reps: 3 },
  large: { name: 'large', anchors: 50, payments: 20_000_000, postcodes: 2_700_000, suppliers: 250_000, companies: 5_700_000, psc: 2_000_000, reps: 1 },
};

export const scaleSchema = z.enum(scaleNames);
