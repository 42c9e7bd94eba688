-- grain: one row per anchor, UK financial year and coarse location band
-- (home_area, outside_home_area, unknown_location; every band present for every
-- anchor-year, with zero spend where there is none). The first indicator, kept for the demo
-- and its end-to-end test; the catalogue's share_in_place / spend_in_place give every band.
-- Coarse bands: home_area = band home; unknown_location = no located local authority;
-- outside_home_area = every other payment. Total spend, exclusions not applied.
-- spend_gbp: sum of payment amounts, credit notes netted off.
-- share_of_spend: spend_gbp / total spend of the anchor in the year (null when the total is 0).
with payments as (
    select * from marts.fct_ap_payments
),

bands as (
    select unnest(['home_area', 'outside_home_area', 'unknown_location']) as location_band
),

spend as (
    select
        anchor_id,
        financial_year,
        case
            when location_band = 'home' then 'home_area'
            when supplier_lad_code is null then 'unknown_location'
            else 'outside_home_area'
        end as location_band,
        sum(amount_pence) as spend_pence,
        count(*) as payments
    from payments
    group by all
),

-- From spend, not payments: a second reference to the payments CTE made DuckDB materialize
-- every payment (at 20 million payments, 12 s and ~900 MB each time the view was read).
anchor_years as (
    select distinct anchor_id, financial_year from spend
),

final as (
    select
        anchor_years.anchor_id,
        anchor_years.financial_year,
        bands.location_band,
        cast(coalesce(spend.spend_pence, 0) * 0.01 as decimal(18, 2)) as spend_gbp,
        cast(sum(coalesce(spend.spend_pence, 0)) over (partition by anchor_years.anchor_id, anchor_years.financial_year) * 0.01 as decimal(18, 2)) as total_spend_gbp,
        coalesce(spend.payments, 0) as payments,
        round(
            coalesce(spend.spend_pence, 0)
            / nullif(sum(coalesce(spend.spend_pence, 0)) over (partition by anchor_years.anchor_id, anchor_years.financial_year), 0),
            6
        ) as share_of_spend
    from anchor_years
    cross join bands
    left join spend
        on anchor_years.anchor_id = spend.anchor_id
        and anchor_years.financial_year = spend.financial_year
        and bands.location_band = spend.location_band
)

select * from final
order by anchor_id, financial_year, location_band
