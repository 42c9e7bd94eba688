-- grain: one row per supplier (supplier_key) and anchor that paid it: that anchor's payments
-- to the supplier summarised, so that marts.dim_suppliers combines a few rows per supplier
-- instead of every payment, and an incremental build recomputes only the changed anchors'
-- rows.
-- Every attribute is carried with the ordering value that picks it, so the combination is
-- exact: <column> is the value on the anchor's largest payment (by absolute amount) where it
-- is not null, and <column>_abs_pence that payment's absolute amount; location columns are
-- taken from located payments only.
with payments as (
    select * from marts.fct_ap_payments
),

final as (
    select
        supplier_key,
        anchor_id,
        arg_max(supplier_name, abs(amount_pence)) as supplier_name,
        max(abs(amount_pence)) filter (where supplier_name is not null) as supplier_name_abs_pence,
        max(company_number) as company_number,
        max(charity_number) as charity_number,
        max(vat_number) as vat_number,
        arg_max(supplier_postcode, abs(amount_pence)) filter (where location_status = 'located') as postcode,
        max(abs(amount_pence)) filter (where location_status = 'located' and supplier_postcode is not null) as postcode_abs_pence,
        arg_max(location_method, abs(amount_pence)) filter (where location_status = 'located') as location_method,
        max(abs(amount_pence)) filter (where location_status = 'located' and location_method is not null) as location_method_abs_pence,
        arg_max(supplier_lad_code, abs(amount_pence)) filter (where location_status = 'located') as lad_code,
        max(abs(amount_pence)) filter (where location_status = 'located' and supplier_lad_code is not null) as lad_code_abs_pence,
        arg_max(supplier_region_code, abs(amount_pence)) filter (where location_status = 'located') as region_code,
        max(abs(amount_pence)) filter (where location_status = 'located' and supplier_region_code is not null) as region_code_abs_pence,
        arg_max(supplier_country_code, abs(amount_pence)) filter (where location_status = 'located') as country_code,
        max(abs(amount_pence)) filter (where location_status = 'located' and supplier_country_code is not null) as country_code_abs_pence,
        arg_max(supplier_lsoa_code, abs(amount_pence)) filter (where location_status = 'located') as lsoa_code,
        max(abs(amount_pence)) filter (where location_status = 'located' and supplier_lsoa_code is not null) as lsoa_code_abs_pence,
        arg_max(supplier_imd_decile, abs(amount_pence)) filter (where location_status = 'located') as imd_decile,
        max(abs(amount_pence)) filter (where location_status = 'located' and supplier_imd_decile is not null) as imd_decile_abs_pence,
        arg_max(supplier_imd_nation, abs(amount_pence)) filter (where location_status = 'located') as imd_nation,
        max(abs(amount_pence)) filter (where location_status = 'located' and supplier_imd_nation is not null) as imd_nation_abs_pence,
        bool_or(is_vcse_flagged) as is_vcse_flagged_by_publisher,
        count(*) as payments,
        sum(amount_pence) as spend_pence,
        min(payment_date) as first_payment_date,
        max(payment_date) as last_payment_date
    from payments
    group by supplier_key, anchor_id
)

select * from final
