import type { PayBasis } from '@cwb/contracts';

/** Weeks in a year as UK payroll converts annual to weekly pay (365 / 7 = 52.142857…). */
export const WEEKS_PER_YEAR = 365 / 7;

export interface PayInput {
  pay_basis: PayBasis | null;
  pay_pence: number | null;
  contracted_hours: number | null;
  fte: number | null;
  /** The salary is the full-time salary of the grade (paid pro rata), not pay for the hours worked. */
  salary_is_full_time: boolean;
  full_time_hours: number;
}

/**
 * Pay per hour, in pence (fractions kept to 4 decimal places, so a salary exactly at a rate
 * compares equal to it). Hourly pay is taken as given. An annual salary is divided by the
 * hours it pays for a year: the full-time week for a full-time salary, else the contracted
 * weekly hours (or FTE × the full-time week when hours are not given). Null when it cannot
 * be worked out (no pay, or a part-time salary with neither hours nor FTE).
 */
export function hourlyPayPence(input: PayInput): number | null {
  if (input.pay_pence === null || input.pay_basis === null) return null;
  if (input.pay_basis === 'hourly') return input.pay_pence;
  const weeklyHours = input.salary_is_full_time
    ? input.full_time_hours
    : input.contracted_hours ?? (input.fte !== null ? input.fte * input.full_time_hours : null);
  if (weeklyHours === null || weeklyHours <= 0) return null;
  return Math.round((input.pay_pence / (weeklyHours * WEEKS_PER_YEAR)) * 10_000) / 10_000;
}
