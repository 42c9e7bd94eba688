-- grain: one row per anchor, location band and local-authority code in that band (lad_code
-- null for a band known only by its region or country code)
with source as (
    select * from raw.anchor_geographies
),

renamed as (
    select
        anchor_id,
        band as location_band,
        place_name,
        place_code,
        lad_code
    from source
)

select * from renamed
