-- grain: one row per anchor, trust and ERIC year: the trust's estate from every return of it the
-- anchor loaded that year, each figure from the latest return that gives it (the trust-data
-- file proves the name, region and type; the site-aggregates file gives the areas, m²).
-- has_land_areas: both land areas are given, so the share not delivering services can be
-- recomputed from them (never from ERIC's percentage columns, which are summed across sites).
with returns as (
    select * from staging.stg_land__nhs_estate_returns
),

final as (
    select
        anchor_id,
        trust_code,
        financial_year,
        arg_max(trust_name, source_file_id) filter (where trust_columns_status = 'proven' and trust_name is not null) as trust_name,
        arg_max(commissioning_region, source_file_id) filter (where trust_columns_status = 'proven' and commissioning_region is not null) as commissioning_region,
        arg_max(organisation_type, source_file_id) filter (where trust_columns_status = 'proven' and organisation_type is not null) as organisation_type,
        bool_or(trust_columns_status <> 'proven') as has_unproven_return,
        arg_max(gross_internal_floor_area_m2, source_file_id) filter (where gross_internal_floor_area_m2 is not null) as gross_internal_floor_area_m2,
        arg_max(occupied_floor_area_m2, source_file_id) filter (where occupied_floor_area_m2 is not null) as occupied_floor_area_m2,
        arg_max(land_owned_m2, source_file_id) filter (where land_owned_m2 is not null and land_not_delivering_services_m2 is not null) as land_owned_m2,
        arg_max(land_not_delivering_services_m2, source_file_id) filter (where land_owned_m2 is not null and land_not_delivering_services_m2 is not null) as land_not_delivering_services_m2,
        count(*) as returns
    from returns
    group by anchor_id, trust_code, financial_year
)

select *, land_owned_m2 is not null as has_land_areas from final
