import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { samplePath } from '@cwb/sample-data';
import { dryRunIngest } from '../src/index';

describe('dryRunIngest (cwb ingest --dry-run --json)', () => {
  it('prints the agreed fields for a payments file', async () => {
    const [result] = await dryRunIngest({ path: samplePath('spending/local_authority/craven_dc_2017-03_windows1252.csv') });
    expect(result?.kind).toBe('read');
    if (result?.kind !== 'read') return;
    expect(result.summary).toMatchObject({
      rows_read: 172,
      rows_loaded: 171,
      rows_quarantined: 0,
      rows_skipped: 1,
      quarantine_reasons: {},
      skip_reasons: { 'totals line': 1 },
      amount_total: '726583.94',
      credits: 0,
      redacted: 6,
      date_min: '2017-03-01',
      date_max: '2017-03-31',
      encoding: 'windows-1252',
      mapping: 'craven',
    });
  });

  it('a forced mapping and date order are honoured', async () => {
    const [result] = await dryRunIngest({
      path: fileURLToPath(new URL('./fixtures/ambiguous-dates.csv', import.meta.url)),
      mapping: 'central-government-25k',
      date_order: 'dmy',
    });
    expect(result).toMatchObject({ kind: 'read', summary: { date_min: '2023-03-04', date_max: '2023-05-05', rows_loaded: 3 } });
  });

  it('a file that is not payments is a rejection with a reason', async () => {
    const [result] = await dryRunIngest({ path: fileURLToPath(new URL('./fixtures/contracts-register.csv', import.meta.url)) });
    expect(result).toMatchObject({ kind: 'rejected', rejected: { rejected: expect.stringMatching(/contracts register/) } });
  });
});
