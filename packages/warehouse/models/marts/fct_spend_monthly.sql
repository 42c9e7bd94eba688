-- grain: one row per anchor, calendar month and combination of the attributes the metrics
-- filter on (location band, supplier local authority, influenceable, deprivation group, size band, VCSE, matched,
-- locally owned, re-spend rate known). Additive: summing rows of a grain gives the
-- figures of fct_ap_payments exactly, which is what lets the metric views answer for any
-- anchor, partnership or period without rescanning every payment.
-- imd_decile_group: 1 (most deprived 10%), 2 (next 10%), 3 (deciles 3–10), null (unknown).
with payments as (
    select * from marts.fct_ap_payments
),

final as (
    select
        anchor_id,
        financial_year,
        financial_quarter_label as financial_quarter,
        calendar_month,
        location_band,
        location_band_rank,
        supplier_lad_code,
        is_influenceable,
        case
            when supplier_imd_decile = 1 then 1
            when supplier_imd_decile = 2 then 2
            when supplier_imd_decile between 3 and 10 then 3
        end as imd_decile_group,
        supplier_size_band,
        is_vcse,
        is_matched,
        is_locally_owned,
        respend_round2_share is not null as has_respend_rate,
        sum(amount_pence) as spend_pence,
        count(*) as payments,
        sum(amount_pence * respend_round2_share) as respend_round2_pence,
        sum(amount_pence * respend_round2_share * respend_round3_share) as respend_round3_pence
    from payments
    group by all
)

select * from final
