-- grain: one row per supplier postcode that the enrich stage looked up
with source as (
    select * from raw.postcode_locations
),

renamed as (
    select
        postcode,
        status as location_status,
        lad_code,
        region_code,
        country_code,
        lsoa_code,
        imd_decile,
        imd_nation,
        coalesce(is_terminated, false) as is_terminated_postcode,
        reference_vintage,
        located_at
    from source
)

select * from renamed
