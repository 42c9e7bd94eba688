import type { Lineage, StagedWorkforceRecord } from '@cwb/contracts';
import { employeeKey } from './employee-key';
import type { HomeLocator } from './home-locator';
import type { HrSourceRow } from './hr-row-builder';

/**
 * The privacy step, applied to every batch before it leaves the connector (so before anything
 * is staged, queued or loaded): the employee reference becomes a keyed hash, the home
 * postcode becomes its LSOA, local authority, region, country and deprivation decile and is
 * dropped. Names and dates of birth are never read into a row in the first place.
 */
export async function pseudonymise(
  rows: readonly { row: HrSourceRow; lineage: Lineage }[],
  context: { hashKey: string; anchorId: string; locator: HomeLocator },
): Promise<StagedWorkforceRecord[]> {
  const locations = await context.locator.locate(rows.map(({ row }) => row.home_postcode));
  return rows.map(({ row, lineage }, index) => {
    const location = locations[index];
    if (!location) throw new Error('home locator returned fewer locations than postcodes');
    const { employee_ref, home_postcode: _postcode, postcode_invalid, snapshot_date, ...kept } = row;
    return {
      anchor_id: context.anchorId,
      snapshot_date: snapshot_date as string,
      employee_key: employeeKey(context.hashKey, context.anchorId, employee_ref),
      ...location,
      ...(postcode_invalid ? { home_location_status: 'invalid_postcode' as const } : {}),
      ...kept,
      ...lineage,
    };
  });
}
