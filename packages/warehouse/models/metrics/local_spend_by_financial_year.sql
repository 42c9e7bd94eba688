-- grain: one row per anchor, UK financial year and coarse location band
-- (home_area, outside_home_area, unknown_location; every band present for every
-- anchor-year, with zero spend where there is none). The first indicator, kept for the demo
-- and its end-to-end test: the catalogue's share_of_all_spend_in_place (all spend, before
-- exclusions) with its seven bands shown as three: home_area = band home; unknown_location =
-- band unknown; outside_home_area = every other band. The figures are the catalogue's, never
-- recomputed here; payments counts the payment lines of the band (marts.fct_spend_monthly).
-- spend_gbp: sum of payment amounts, credit notes netted off.
-- share_of_spend: spend_gbp / total spend of the anchor in the year (null when the total is 0).
-- The metric's rows are read from metrics.indicator_values, where every metric view's rows are
-- materialized: the view itself recomputes them from the monthly fact on every read (0.21-0.24 s
-- at bench medium against 0.003-0.011 s).
with shares as (
    select * from metrics.indicator_values
    where metric = 'share_of_all_spend_in_place' and entity_type = 'anchor' and period_type = 'financial_year'
),

monthly as (
    select * from marts.fct_spend_monthly
),

coarse_bands as (
    select
        entity_id as anchor_id,
        financial_year,
        case place
            when 'home' then 'home_area'
            when 'unknown' then 'unknown_location'
            else 'outside_home_area'
        end as location_band,
        sum(numerator) as spend_gbp,
        max(denominator) as total_spend_gbp,
        -- the catalogue's share (band numerator over its denominator) for the coarse band;
        -- not the sum of the bands' rounded values
        sum(numerator) / nullif(max(denominator), 0) as share_of_spend
    from shares
    group by all
),

payment_counts as (
    select
        anchor_id,
        financial_year,
        case location_band
            when 'home' then 'home_area'
            when 'unknown' then 'unknown_location'
            else 'outside_home_area'
        end as location_band,
        sum(payments) as payments
    from monthly
    group by all
),

final as (
    select
        coarse_bands.anchor_id,
        coarse_bands.financial_year,
        coarse_bands.location_band,
        cast(coalesce(coarse_bands.spend_gbp, 0) as decimal(18, 2)) as spend_gbp,
        cast(coarse_bands.total_spend_gbp as decimal(18, 2)) as total_spend_gbp,
        coalesce(payment_counts.payments, 0) as payments,
        round(coarse_bands.share_of_spend, 6) as share_of_spend
    from coarse_bands
    left join payment_counts
        on coarse_bands.anchor_id = payment_counts.anchor_id
        and coarse_bands.financial_year = payment_counts.financial_year
        and coarse_bands.location_band = payment_counts.location_band
)

select * from final
order by anchor_id, financial_year, location_band
