import { z } from 'zod';

/** What happens to a row that cannot be read: kept aside with its reason, dropped with its reason, or the read stops. */
export const badRowPolicySchema = z.enum(['quarantine', 'skip', 'halt']);
export type BadRowPolicy = z.infer<typeof badRowPolicySchema>;

/** Thrown under the `halt` policy at the first bad row. */
export class BadRowHaltError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    readonly detail: string | null,
  ) {
    super(
      `${file}:${line}: ${reason}${detail ? ` (${detail})` : ''}; the bad-row policy is "halt": fix the row, ` +
        `or set on_bad_row to "quarantine" to load the rest and keep this row aside`,
    );
    this.name = 'BadRowHaltError';
  }
}
