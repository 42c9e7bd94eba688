-- grain: one row per trust per ERIC file loaded (the anchor's own trust row), areas in m²;
-- trust name, region and type null where the row does not prove them (trust_columns_status).
with source as (
    select * from raw.nhs_estate_returns
),

renamed as (
    select
        anchor_id,
        source_file_id,
        source_file,
        source_line,
        financial_year,
        trust_code,
        trust_name,
        commissioning_region,
        organisation_type,
        trust_columns_status,
        trust_columns_detail,
        gross_internal_floor_area_m2,
        occupied_floor_area_m2,
        land_owned_m2,
        land_not_delivering_services_m2
    from source
)

select * from renamed
