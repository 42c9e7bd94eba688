import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StagedWorkforceRecord } from '@cwb/contracts';
import { dryRunHrIngest, employeeKey, hourlyPayPence, hrExtractConnector, WEEKS_PER_YEAR } from '../src/index';

// What the connector makes of each quirk of the fixtures, record by record (see fixtures/README.md).

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const KEY = 'unit-test-key-0123456789abcdef0123456789abcdef';

async function rows(file: string, anchor = 'a'): Promise<StagedWorkforceRecord[]> {
  const connector = hrExtractConnector({ hashKey: () => KEY });
  const spec = connector.spec.parse({ path: fixture(file) });
  const [discovered] = await connector.discover(spec);
  const out: StagedWorkforceRecord[] = [];
  for await (const batch of connector.read(discovered!, spec, { load_id: 'l', anchor_id: anchor, source_file: file })) out.push(...batch.rows);
  return out;
}

describe('employee keys', () => {
  it('are HMAC-SHA256 of anchor and reference under the deployment key; case and spaces of the reference do not matter', () => {
    const expected = createHmac('sha256', KEY).update('sunderland\u0000S002').digest('hex');
    expect(employeeKey(KEY, 'sunderland', 'S002')).toBe(expected);
    expect(employeeKey(KEY, 'sunderland', ' s002 ')).toBe(expected);
    expect(employeeKey(KEY, 'other-anchor', 'S002')).not.toBe(expected);
    expect(employeeKey(`${KEY}x`, 'sunderland', 'S002')).not.toBe(expected);
  });
});

describe('hourly pay', () => {
  it('divides a salary by the hours it pays for: contracted hours, or the full-time week for full-time salaries', () => {
    expect(WEEKS_PER_YEAR).toBeCloseTo(52.142857, 6);
    expect(hourlyPayPence({ pay_basis: 'annual', pay_pence: 2_400_000, contracted_hours: 37, fte: 1, salary_is_full_time: false, full_time_hours: 37 })).toBeCloseTo(1243.9837, 4);
    expect(hourlyPayPence({ pay_basis: 'annual', pay_pence: 3_500_000, contracted_hours: 30, fte: 0.8, salary_is_full_time: true, full_time_hours: 37.5 })).toBeCloseTo(1789.9543, 4);
    expect(hourlyPayPence({ pay_basis: 'annual', pay_pence: 1_400_000, contracted_hours: null, fte: 0.6, salary_is_full_time: false, full_time_hours: 37 })).toBeCloseTo(1209.4286, 4);
    expect(hourlyPayPence({ pay_basis: 'hourly', pay_pence: 1260, contracted_hours: null, fte: null, salary_is_full_time: false, full_time_hours: 37 })).toBe(1260);
    expect(hourlyPayPence({ pay_basis: 'annual', pay_pence: 1_000_000, contracted_hours: null, fte: null, salary_is_full_time: false, full_time_hours: 37 })).toBeNull();
  });

  it('a salary exactly at a rate compares equal to it (no floating-point shortfall)', () => {
    const atRate = Math.round(1385 * 37.5 * WEEKS_PER_YEAR);
    expect(hourlyPayPence({ pay_basis: 'annual', pay_pence: atRate, contracted_hours: 37.5, fte: 1, salary_is_full_time: true, full_time_hours: 37.5 })).toBeGreaterThanOrEqual(1384.99);
  });
});

describe('Sunderland generic fixture', () => {
  it('reads the quirks: BOM, preamble, quoted line break, £ and thousands separators, "37 hrs", timestamps, trailing commas', async () => {
    const all = await rows('sunderland-staff-in-post-2025-03.csv', 'sunderland');
    const byKey = (ref: string) => all.filter((r) => r.employee_key === employeeKey(KEY, 'sunderland', ref));
    expect(byKey('S001')[0]).toMatchObject({ snapshot_date: '2025-03-31', pay_basis: 'annual', pay_pence: 2_400_000, fte: 1, contracted_hours: 37, contract_type: 'permanent', gender: 'female', start_date: '2019-06-03', home_location_status: 'no_reference' });
    expect(byKey('S002')).toHaveLength(2);
    expect(byKey('S002')[0]).toMatchObject({ contracted_hours: 37, pay_pence: 2_500_000, source_line: 6 });
    expect(byKey('S008')[0]).toMatchObject({ contract_type: 'apprentice', pay_basis: 'hourly', pay_pence: 1000 });
    expect(byKey('S017')[0]).toMatchObject({ gender: null, home_location_status: 'no_postcode' });
    expect(byKey('S016')[0]).toMatchObject({ home_location_status: 'invalid_postcode' });
    expect(byKey('S090')[0]).toMatchObject({ leave_date: '2025-02-28' });
    for (const row of all) expect(JSON.stringify(row)).not.toMatch(/Example|SR\d|\d{2}\/\d{2}\/\d{4}/);
  });
});

describe('dry run summary (cwb ingest --kind hr --dry-run --json)', () => {
  it('gives the AP summary fields without amounts, plus workforce counts and no row value', async () => {
    const [result] = await dryRunHrIngest({ path: fixture('london-trust-esr-staff-in-post-2025-03.csv') });
    expect(result?.kind).toBe('read');
    if (result?.kind !== 'read') return;
    expect(result.summary).toMatchObject({
      kind: 'hr',
      rows_read: 17,
      rows_loaded: 16,
      rows_quarantined: 1,
      rows_skipped: 0,
      quarantine_reasons: { 'unknown gender code': 1 },
      employees: 16,
      contract_types: { permanent: 10, fixed_term: 1, casual: 4, apprentice: 1 },
      pay_basis: { annual: 12, hourly: 4 },
      date_min: '2025-03-31',
      date_max: '2025-03-31',
      encoding: 'windows-1252',
      header_line: 3,
      mapping: 'nhs-esr',
    });
    expect(result.summary).not.toHaveProperty('amount_total');
    expect(JSON.stringify(result)).not.toMatch(/1000000\d|Able|SE1|£/);
  });
});
