-- grain: one row per payment line (payment_id), with its financial period, supplier
-- classification, location band, deprivation, exclusion flags and re-spend rates.
-- Money: amount_pence (exact, integer pence; credit notes negative) and amount_gbp.
-- location_band: home, cluster, region, nation, rest_of_uk, outside_uk or unknown (see
-- int_payments_banded); unknown is its own band: never dropped.
-- is_in_most_deprived_10pct / 20pct: the supplier's LSOA is in decile 1 / deciles 1–2 of its
-- own nation's index (IoD for England, WIMD for Wales); null when the decile is unknown.
-- respend_round2_share / round3_share: the local re-spend rate for the supplier, else its
-- category, else the default (raw.respend_rates); null when none is supplied.
with payments as (
    select * from intermediate.int_payments_flagged
),

anchors as (
    select * from marts.dim_anchors
),

dates as (
    select * from marts.dim_dates
),

respend as (
    select * from staging.stg_reference__respend_rates
),

final as (
    select
        payments.payment_id,
        payments.anchor_id,
        payments.payment_date,
        dates.financial_year,
        dates.financial_quarter,
        dates.financial_quarter_label,
        dates.calendar_month,
        payments.amount_pence,
        payments.amount_gbp,
        payments.is_credit,
        payments.supplier_key,
        payments.supplier_name,
        payments.is_redacted,
        payments.supplier_id,
        payments.company_number,
        payments.vat_number,
        payments.charity_number,
        payments.supplier_postcode,
        payments.is_matched,
        payments.match_method,
        payments.match_confidence,
        payments.supplier_organisation_type,
        payments.supplier_size_band,
        payments.supplier_sic_section,
        payments.supplier_size_band in ('micro', 'small', 'medium') as is_sme,
        payments.supplier_size_band = 'micro' as is_micro,
        case
            when payments.supplier_organisation_type = 'vcse' or payments.is_vcse_flagged then true
            when payments.supplier_organisation_type is not null or payments.is_vcse_flagged is not null then false
        end as is_vcse,
        payments.is_locally_owned,
        payments.location_status,
        payments.location_method,
        payments.supplier_lad_code,
        payments.supplier_region_code,
        payments.supplier_country_code,
        payments.supplier_lsoa_code,
        payments.supplier_imd_decile,
        payments.supplier_imd_nation,
        payments.supplier_imd_decile <= 1 as is_in_most_deprived_10pct,
        payments.supplier_imd_decile <= 2 as is_in_most_deprived_20pct,
        payments.reference_vintage,
        payments.location_band,
        payments.location_band_rank,
        payments.location_place_name,
        payments.expense_area,
        payments.expense_type,
        payments.category,
        coalesce(nullif(trim(payments.category), ''), nullif(trim(payments.expense_type), ''), nullif(trim(payments.expense_area), ''), 'Uncategorised') as spend_category,
        payments.is_procurement_card,
        payments.is_vcse_flagged,
{{exclusion_flag_list}}
        payments.is_influenceable,
        payments.exclusion_reason,
        coalesce(supplier_rate.round2_local_share, category_rate.round2_local_share, default_rate.round2_local_share) as respend_round2_share,
        coalesce(supplier_rate.round3_local_share, category_rate.round3_local_share, default_rate.round3_local_share) as respend_round3_share,
        payments.source_file_id,
        payments.source_file,
        payments.source_line
    from payments
    inner join anchors on payments.anchor_id = anchors.anchor_id
    inner join dates on payments.payment_date = dates.date_day
    left join respend as supplier_rate
        on supplier_rate.scope = 'supplier' and payments.supplier_key = supplier_rate.respend_key
    left join respend as category_rate
        on category_rate.scope = 'category'
        and upper(coalesce(nullif(trim(payments.category), ''), payments.expense_type)) = category_rate.respend_key
    left join respend as default_rate
        on default_rate.scope = 'default' and default_rate.respend_key = '*'
)

select * from final
