-- grain: one row per configured anchor institution
with source as (
    select * from raw.anchors
),

renamed as (
    select
        anchor_id,
        anchor_name,
        anchor_type,
        home_name as home_area_name,
        home_lad_codes
    from source
)

select * from renamed
