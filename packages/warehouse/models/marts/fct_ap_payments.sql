-- grain: one row per payment line (payment_id), with its financial period and location band.
-- location_band: home_area (supplier located in one of the anchor's home local authorities),
-- outside_home_area (located elsewhere), unknown_location (no postcode, postcode not in
-- the reference, or a postcode with no area). Unknown is its own band: never dropped.
with payments as (
    select * from intermediate.int_payments_located
),

anchors as (
    select * from marts.dim_anchors
),

dates as (
    select * from marts.dim_dates
),

final as (
    select
        payments.payment_id,
        payments.anchor_id,
        payments.payment_date,
        dates.financial_year,
        dates.financial_quarter,
        dates.calendar_month,
        payments.amount_pence,
        payments.amount_gbp,
        payments.is_credit,
        payments.supplier_name,
        payments.is_redacted,
        payments.supplier_id,
        payments.company_number,
        payments.vat_number,
        payments.charity_number,
        payments.supplier_postcode,
        payments.location_status,
        payments.location_method,
        payments.supplier_lad_code,
        payments.supplier_region_code,
        payments.supplier_country_code,
        payments.supplier_lsoa_code,
        payments.supplier_imd_decile,
        payments.supplier_imd_nation,
        payments.reference_vintage,
        case
            when payments.supplier_lad_code is null then 'unknown_location'
            when list_contains(anchors.home_lad_codes, payments.supplier_lad_code) then 'home_area'
            else 'outside_home_area'
        end as location_band,
        payments.expense_area,
        payments.expense_type,
        payments.category,
        payments.is_procurement_card,
        payments.is_vcse_flagged,
        payments.source_file_id,
        payments.source_file,
        payments.source_line
    from payments
    inner join anchors on payments.anchor_id = anchors.anchor_id
    inner join dates on payments.payment_date = dates.date_day
)

select * from final
