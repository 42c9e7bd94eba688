-- grain: one row per payment line, with the location of its supplier where known.
-- Suppliers are located once per distinct postcode by the enrich stage; payments get
-- their geography here, by a join, never by per-transaction lookups.
with payments as (
    select * from staging.stg_ledger__ap_payments
),

postcode_locations as (
    select * from staging.stg_reference__postcode_locations
),

located as (
    select
        payments.*,
        case
            when payments.supplier_postcode is null then 'no_postcode'
            when postcode_locations.postcode is null then 'not_looked_up'
            else postcode_locations.location_status
        end as location_status,
        case when postcode_locations.location_status = 'located' then 'supplier_postcode' end as location_method,
        case when postcode_locations.location_status = 'located' then postcode_locations.lad_code end as supplier_lad_code,
        postcode_locations.region_code as supplier_region_code,
        postcode_locations.country_code as supplier_country_code,
        postcode_locations.lsoa_code as supplier_lsoa_code,
        postcode_locations.imd_decile as supplier_imd_decile,
        postcode_locations.imd_nation as supplier_imd_nation,
        postcode_locations.reference_vintage
    from payments
    left join postcode_locations
        on payments.supplier_postcode = postcode_locations.postcode
)

select * from located
