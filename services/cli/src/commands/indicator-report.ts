import type { Warehouse } from '@cwb/warehouse';

/**
 * The first indicator as a table: per anchor and UK financial year, total spend and the
 * spend and share in the home area, outside it, and with unknown location.
 */
export async function localSpendReport(warehouse: Warehouse) {
  return warehouse.json(`
    select
        anchor_id as anchor,
        financial_year as year,
        max(total_spend_gbp) as total_gbp,
        max(spend_gbp) filter (where location_band = 'home_area') as home_gbp,
        printf('%.1f%%', 100 * max(share_of_spend) filter (where location_band = 'home_area') + 0.0) as home_share,
        max(spend_gbp) filter (where location_band = 'outside_home_area') as outside_gbp,
        printf('%.1f%%', 100 * max(share_of_spend) filter (where location_band = 'outside_home_area') + 0.0) as outside_share,
        max(spend_gbp) filter (where location_band = 'unknown_location') as unknown_gbp,
        printf('%.1f%%', 100 * max(share_of_spend) filter (where location_band = 'unknown_location') + 0.0) as unknown_share
    from metrics.local_spend_by_financial_year
    group by all
    order by anchor, year`);
}
